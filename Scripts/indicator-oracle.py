#!/usr/bin/env python3
# Oracle for the indicator validators' differential test: prints JSON of addresses, keys and seed phrases that
# bip-utils generates from fixed seeds, with their chain facts, plus seed-phrase mutations and bip-utils' verdict.
# Needs: pip install bip-utils==2.12.3 (pulls pycryptodome, coincurve, ed25519 libs). Deterministic output.
import hashlib
import json
import sys

from bip_utils import (
    Bip32KeyNetVersions, Bip32Secp256k1, Bip39Languages, Bip39MnemonicGenerator, Bip39MnemonicValidator,
    Bip44, Bip44Changes, Bip44Coins, Bip49, Bip49Coins, Bip84, Bip84Coins, Bip86, Bip86Coins,
    ElectrumV2Languages, ElectrumV2MnemonicGenerator, ElectrumV2MnemonicTypes, ElectrumV2MnemonicValidator,
    Monero, MoneroCoins, WifEncoder, WifPubKeyModes,
)
from Crypto.Hash import keccak

PER_CHAIN = int(sys.argv[1]) if len(sys.argv) > 1 else 20
out = {"addresses": [], "phrases": [], "keccak": []}


def seed(label, index):
    return hashlib.sha512(f"custody-oracle/{label}/{index}".encode()).digest()


def add(value, kind, network, detail=None, case_insensitive=False):
    out["addresses"].append({"value": value, "kind": kind, "network": network, "detail": detail,
                             "caseInsensitive": case_insensitive})


def accounts(cls, coin, label):
    for i in range(PER_CHAIN):
        yield cls.FromSeed(seed(label, i), coin).Purpose().Coin().Account(0).Change(Bip44Changes.CHAIN_EXT).AddressIndex(i)


# Bitcoin family (kind, network, detail per generator).
for cls, coin, kind, network, detail, ci in [
    (Bip44, Bip44Coins.BITCOIN, "btc", "mainnet", "p2pkh", False),
    (Bip44, Bip44Coins.BITCOIN_TESTNET, "btc", "testnet", "p2pkh", False),
    (Bip49, Bip49Coins.BITCOIN, "btc", "mainnet", "p2sh", False),
    (Bip49, Bip49Coins.BITCOIN_TESTNET, "btc", "testnet", "p2sh", False),
    (Bip84, Bip84Coins.BITCOIN, "btc", "mainnet", "p2wpkh", True),
    (Bip84, Bip84Coins.BITCOIN_TESTNET, "btc", "testnet", "p2wpkh", True),
    (Bip86, Bip86Coins.BITCOIN, "btc", "mainnet", "p2tr", True),
    (Bip86, Bip86Coins.BITCOIN_TESTNET, "btc", "testnet", "p2tr", True),
    (Bip44, Bip44Coins.LITECOIN, "ltc", "mainnet", "p2pkh", False),
    (Bip49, Bip49Coins.LITECOIN, "ltc", "mainnet", "p2sh", False),
    (Bip84, Bip84Coins.LITECOIN, "ltc", "mainnet", "p2wpkh", True),
    (Bip84, Bip84Coins.LITECOIN_TESTNET, "ltc", "testnet", "p2wpkh", True),
    (Bip44, Bip44Coins.DOGECOIN, "doge", "mainnet", "p2pkh", False),
    (Bip49, Bip49Coins.DOGECOIN, "doge", "mainnet", "p2sh", False),
    (Bip44, Bip44Coins.DOGECOIN_TESTNET, "doge", "testnet", "p2pkh", False),
    (Bip44, Bip44Coins.ETHEREUM, "eth", None, "eip-55", False),
    (Bip44, Bip44Coins.TRON, "trx", None, "account", False),
    (Bip44, Bip44Coins.RIPPLE, "xrp", None, "classic", False),
    (Bip44, Bip44Coins.SOLANA, "sol", None, None, False),
]:
    label = f"{cls.__name__}/{coin.name}"
    for ctx in accounts(cls, coin, label):
        add(ctx.PublicKey().ToAddress(), kind, network, detail, ci)

# Bitcoin Cash CashAddr, with and without prefix.
for cls, coin, network, detail in [
    (Bip44, Bip44Coins.BITCOIN_CASH, "mainnet", "p2pkh"), (Bip49, Bip49Coins.BITCOIN_CASH, "mainnet", "p2sh"),
    (Bip44, Bip44Coins.BITCOIN_CASH_TESTNET, "testnet", "p2pkh"),
]:
    for ctx in accounts(cls, coin, f"{cls.__name__}/{coin.name}"):
        address = ctx.PublicKey().ToAddress()
        add(address, "bch", network, detail, True)
        add(address.split(":", 1)[1], "bch", network, detail, True)

# WIF private keys.
for net_ver, network, chains in [(b"\x80", "mainnet", "btc, bch"), (b"\xef", "testnet", "btc, bch, ltc"),
                                 (b"\xb0", "mainnet", "ltc"), (b"\x9e", "mainnet", "doge")]:
    for i in range(PER_CHAIN):
        key = Bip32Secp256k1.FromSeed(seed(f"wif/{net_ver.hex()}", i)).PrivateKey().Raw().ToBytes()
        compressed = i % 2 == 0
        mode = WifPubKeyModes.COMPRESSED if compressed else WifPubKeyModes.UNCOMPRESSED
        add(WifEncoder.Encode(key, net_ver, mode), "wif", network,
            ("compressed; " if compressed else "uncompressed; ") + chains)

# Extended keys with every version pair, at depth 0 and depth 3.
for pub, prv, pub_name, prv_name, network in [
    ("0488b21e", "0488ade4", "xpub", "xprv", "mainnet"), ("049d7cb2", "049d7878", "ypub", "yprv", "mainnet"),
    ("04b24746", "04b2430c", "zpub", "zprv", "mainnet"), ("0295b43f", "0295b005", "Ypub", "Yprv", "mainnet"),
    ("02aa7ed3", "02aa7a99", "Zpub", "Zprv", "mainnet"), ("043587cf", "04358394", "tpub", "tprv", "testnet"),
    ("044a5262", "044a4e28", "upub", "uprv", "testnet"), ("045f1cf6", "045f18bc", "vpub", "vprv", "testnet"),
    ("019da462", "019d9cfe", "Ltub", "Ltpv", "mainnet"), ("02facafd", "02fac398", "dgub", "dgpv", "mainnet"),
]:
    versions = Bip32KeyNetVersions(bytes.fromhex(pub), bytes.fromhex(prv))
    for i in range(max(2, PER_CHAIN // 4)):
        master = Bip32Secp256k1.FromSeed(seed(f"xkey/{pub}", i), versions)
        for node, depth in [(master, 0), (master.DerivePath("m/44'/0'/0'"), 3)]:
            add(node.PublicKey().ToExtended(), "xkey", network, f"{pub_name}; public; depth {depth}")
            add(node.PrivateKey().ToExtended(), "xkey", network, f"{prv_name}; private; depth {depth}")

# Monero: standard, integrated, subaddress on every network.
for coin, network in [(MoneroCoins.MONERO_MAINNET, "mainnet"), (MoneroCoins.MONERO_TESTNET, "testnet"),
                      (MoneroCoins.MONERO_STAGENET, "stagenet")]:
    for i in range(max(2, PER_CHAIN // 4)):
        monero = Monero.FromSeed(seed(f"xmr/{network}", i)[:32], coin)
        payment_id = seed("pid", i)[:8]
        add(str(monero.PrimaryAddress()), "xmr", network, "standard")
        add(str(monero.IntegratedAddress(payment_id)), "xmr", network, "integrated; payment id " + payment_id.hex())
        add(str(monero.Subaddress(i + 1, 0)), "xmr", network, "subaddress")

# BIP-39 in every official language bip-utils has (all but Japanese, which vectors.json covers), with one word replaced and bip-utils' verdict on the result.
languages = {
    "english": Bip39Languages.ENGLISH, "chinese_simplified": Bip39Languages.CHINESE_SIMPLIFIED,
    "chinese_traditional": Bip39Languages.CHINESE_TRADITIONAL, "czech": Bip39Languages.CZECH,
    "french": Bip39Languages.FRENCH, "italian": Bip39Languages.ITALIAN,
    "korean": Bip39Languages.KOREAN, "portuguese": Bip39Languages.PORTUGUESE, "spanish": Bip39Languages.SPANISH,
}
for name, language in languages.items():
    words = None
    for i in range(PER_CHAIN):
        entropy = seed(f"bip39/{name}", i)[: [16, 20, 24, 28, 32][i % 5]]
        mnemonic = Bip39MnemonicGenerator(language).FromEntropy(entropy).ToStr()
        words = mnemonic.split(" ")
        position = i % len(words)
        replacement_source = Bip39MnemonicGenerator(language).FromEntropy(seed("other", i)[:16]).ToStr().split(" ")
        mutated = list(words)
        mutated[position] = replacement_source[i % 12] if replacement_source[i % 12] != words[position] else replacement_source[(i + 1) % 12]
        mutated_text = " ".join(mutated)
        out["phrases"].append({"kind": "bip39", "language": name, "phrase": mnemonic, "entropy": entropy.hex(),
                               "mutated": mutated_text,
                               "mutatedValid": Bip39MnemonicValidator(language).IsValid(mutated_text)})

# Electrum v2 seeds of every type (English and Spanish), with bip-utils' verdict on a one-word change.
for type_name, mnemonic_type in [("standard", ElectrumV2MnemonicTypes.STANDARD), ("segwit", ElectrumV2MnemonicTypes.SEGWIT),
                                 ("2fa", ElectrumV2MnemonicTypes.STANDARD_2FA), ("2fa-segwit", ElectrumV2MnemonicTypes.SEGWIT_2FA)]:
    for language_name, language in [("english", ElectrumV2Languages.ENGLISH), ("spanish", ElectrumV2Languages.SPANISH)]:
        for i in range(max(2, PER_CHAIN // 4)):
            raw = seed(f"electrum/{type_name}/{language_name}", i)[:17]
            entropy = bytes([(raw[0] & 0x0F) | 0x01]) + raw[1:]  # 121…132 bits: a 12-word seed
            mnemonic = ElectrumV2MnemonicGenerator(mnemonic_type, language).FromEntropy(entropy).ToStr()
            words = mnemonic.split(" ")
            mutated = list(words)
            mutated[i % len(words)] = words[(i + 1) % len(words)] if words[(i + 1) % len(words)] != words[i % len(words)] else words[(i + 2) % len(words)]
            mutated_text = " ".join(mutated)
            out["phrases"].append({"kind": "electrum", "language": language_name, "type": type_name, "phrase": mnemonic,
                                   "mutated": mutated_text,
                                   "mutatedValid": any(ElectrumV2MnemonicValidator(t, language).IsValid(mutated_text)
                                                       for t in ElectrumV2MnemonicTypes)})

# Keccak-256 (pycryptodome) around the 136-byte rate.
for length in [0, 1, 55, 135, 136, 137, 271, 272, 273, 1000]:
    data = bytes((i * 7 + 3) & 0xFF for i in range(length))
    digest = keccak.new(digest_bits=256)
    digest.update(data)
    out["keccak"].append({"hex": data.hex(), "digest": digest.hexdigest()})

json.dump(out, sys.stdout, ensure_ascii=False)
