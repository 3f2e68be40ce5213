#!/usr/bin/env python3
"""Check the rule packs against the ground-truth test exhibits and the hand-written probes.

* TestEvidence/scam-centre/phone-*.truth.json: every message is run per chat, as single texts (--lines) and as a
  thread (--thread), in the chat's language. A labelled message counts as caught when at least one of its
  expected categories is detected on it, alone or in a thread detection that includes it. Every message with
  "negative": true must have no detection at all (alone or in a thread).
* Scripts/eval/probes.tsv: our own sentences; each must get exactly its expected categories (an empty set for
  ordinary look-alikes).

Rules are matched against Unicode text; Zawgyi messages are converted with the small table below (the pipeline
uses Zawgyi.toUnicode; this script does not link the Swift code).

Usage: Scripts/eval/exhibits-check.py [--binary /path/to/custody] [--rules Sources/Detection/Rules]
Exit 1 when a labelled message is missed, a negative is flagged or a probe disagrees.
"""
import argparse, collections, glob, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ZAWGYI = {  # the exhibits' Zawgyi messages, converted by hand to Unicode
    "အေမ ျပန္လာခ်င္တယ္။ ဒီမွာ အရမ္းေျကာက္တယ္။ သူတို့ ပတ္စပို့ ျပန္မေပးဘူး။ ရဲကို ေျပာေပးပါ။":
    "အမေ ပြန်လာချင်တယ်။ ဒီမှာ အရမ်းကြောက်တယ်။ သူတို့ ပတ်စပို့ ပြန်မပေးဘူး။ ရဲကို ပြောပေးပါ။",
}


def run(binary, rules, args):
    cmd = [binary, "detect", "--no-builtin", "--rules", rules, "--format", "jsonl"] + args
    p = subprocess.run(cmd, capture_output=True, text=True)
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=next((b for b in [os.path.join(ROOT, ".build/release/custody"),
                                                        os.path.join(ROOT, ".build/debug/custody")] if os.path.exists(b)), "custody"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "Sources/Detection/Rules"))
    a = ap.parse_args()
    chats = collections.defaultdict(list)
    for f in sorted(glob.glob(os.path.join(ROOT, "TestEvidence/scam-centre/phone-*.truth.json"))):
        exhibit = os.path.basename(f).split(".")[0]
        for m in json.load(open(f, encoding="utf-8"))["scam_centre"]["messages"]:
            if m.get("text"):
                chats[(exhibit, m.get("chat") or m.get("path", ""))].append(m)
    missed, flagged, caught, labelled, negatives = [], [], 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for (exhibit, chat), ms in chats.items():
            lang = collections.Counter(m.get("language") or "en" for m in ms).most_common(1)[0][0]
            fn = os.path.join(tmp, exhibit + "-" + re.sub("[^0-9a-z]", "", chat) + ".txt")
            with open(fn, "w", encoding="utf-8") as f:
                for m in ms:
                    f.write(ZAWGYI.get(m["text"], m["text"]).replace("\n", " ") + "\n")
            got = collections.defaultdict(set)
            for d in run(a.binary, a.rules, ["--language", lang, "--lines", fn]):
                for x in d["detections"]:
                    got[d["line"]].add(x["category"])
            for d in run(a.binary, a.rules, ["--language", lang, "--thread", fn]):
                for x in d["detections"]:
                    for i in x["messageIds"]:
                        got[i].add(x["category"])
            for i, m in enumerate(ms, 1):
                exp = set(m.get("categories") or [])
                if m.get("negative"):
                    negatives += 1
                    if got[i]:
                        flagged.append((exhibit, m["row_id"], lang, sorted(got[i]), m["text"]))
                elif exp:
                    labelled += 1
                    if exp & got[i]:
                        caught += 1
                    else:
                        missed.append((exhibit, m["row_id"], lang, sorted(exp), m["text"][:100]))
    print(f"exhibit messages: {caught}/{labelled} labelled caught; {len(flagged)}/{negatives} negatives flagged")
    for x in missed:
        print("  MISSED", *x)
    for x in flagged:
        print("  NEGATIVE FLAGGED", *x)
    bad = 0
    probes = collections.defaultdict(list)
    for line in open(os.path.join(HERE, "probes.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        lang, exp, text = line.rstrip("\n").split("\t")
        probes[lang].append((set(filter(None, exp.split(","))), text))
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang, ps in probes.items():
            fn = os.path.join(tmp, lang + ".txt")
            open(fn, "w", encoding="utf-8").write("".join(t + "\n" for _, t in ps))
            for d in run(a.binary, a.rules, ["--language", lang, "--lines", fn]):
                exp, text = ps[d["line"] - 1]
                got = {x["category"] for x in d["detections"]}
                n += 1
                if got != exp:
                    bad += 1
                    print("  PROBE", lang, "expected", sorted(exp), "got", sorted(got), text[:80])
    print(f"probes: {n - bad}/{n} as expected")
    sys.exit(1 if missed or flagged or bad else 0)


if __name__ == "__main__":
    main()
