// `custody rules`: list the rules in use, and check rule files before they are used.

import ArgumentParser
import Detection

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List and check detection rules (docs/RULES.md).",
        subcommands: [RulesListCommand.self, RulesCheckCommand.self])
}

struct RulesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules: id, category, languages, weight, matcher.")

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let pack = try rules.pack()
        print(["id", "category", "languages", "weight", "matcher"].joined(separator: "\t"))
        for rule in pack.rules {
            print([rule.id, rule.category, rule.languages.joined(separator: ","), String(rule.weight), rule.matcher.kind]
                .joined(separator: "\t"))
        }
        Output.note("\(pack.rules.count) rules, \(pack.categories.count) categories; \(pack.version) sha256 \(pack.sha256)")
    }
}

struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check rule files or folders; prints FILE:LINE:COL: message, exits 1 on issues.")

    @Argument(help: "Rule files, or folders of *.yaml files (checked together, so duplicate ids across files are found).")
    var paths: [String]

    func run() throws {
        var count = 0
        for path in paths {
            let issues = RuleCheck.check(path: path)
            issues.forEach { print($0.description) }
            count += issues.count
        }
        if count > 0 {
            Output.error("\(count) issue(s)")
            throw ExitCode(1)
        }
    }
}
