package dev.airlock.awsapi.classify;

import dev.airlock.awsapi.classify.ShellSyntax.Redirect;
import dev.airlock.awsapi.classify.ShellSyntax.SimpleCommand;
import dev.airlock.awsapi.classify.ShellSyntax.Word;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Classifies the script of an SSM {@code SendCommand} ({@code AWS-RunShellScript}, parameter
 * {@code commands}). The script is read with {@link ShellSyntax}, a real shell grammar, never
 * matched with patterns; each simple command is then judged by the data in
 * {@code classify/read-only-commands.json}. A script is read-only only when every command is a
 * listed program used without its writing options and nothing goes to a file; anything Airlock
 * cannot see through (a substitution, {@code eval}, a variable naming the command, an unknown
 * program) is unknown, with a reason naming it.
 */
public final class ShellCommand {
    /** Scripts longer than this are not read: an agent's maintenance script is far shorter. */
    public static final int MAX_SCRIPT_CHARS = 256 * 1024;
    /** {@code sh -c 'sh -c ...'} is followed this deep. */
    private static final int MAX_NESTED_SHELLS = 4;
    private static final ShellRules RULES = ShellRules.load();

    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while",
            "until", "!", "{", "}");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox");
    private static final Set<String> TRUSTED_DIRS = Set.of("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/");
    /** Variables that change which program runs or what it runs besides. */
    private static final Set<String> DANGEROUS_VARIABLES = Set.of("PATH", "IFS", "ENV", "PS4", "PROMPT_COMMAND",
            "SHELLOPTS", "BASHOPTS", "PAGER", "EDITOR", "VISUAL", "HOME", "CDPATH", "GLOBIGNORE", "TMPDIR",
            "PYTHONPATH", "PERL5LIB", "PERL5OPT", "NODE_OPTIONS", "RUBYOPT", "JAVA_TOOL_OPTIONS");
    private static final List<String> DANGEROUS_VARIABLE_PREFIXES = List.of("LD_", "DYLD_", "BASH_", "GIT_",
            "SYSTEMD_", "LESS", "MANPAGER", "BASH_FUNC_");
    private static final Set<String> SAFE_SINKS = Set.of("/dev/null", "/dev/stdout", "/dev/stderr");
    private static final List<String> DISK_DEVICES = List.of("/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd",
            "/dev/nvme", "/dev/mmcblk", "/dev/dm-", "/dev/mapper/", "/dev/disk/", "/dev/mem", "/dev/kmem",
            "/dev/port", "/dev/loop", "/dev/md", "/dev/root");

    /** How a program that runs another one is read: its options, then the program it runs. */
    private record Wrapper(Set<String> optionsWithArgument, Set<String> flags, int leadingOperands,
                           String floorReason, CommandClass withoutCommand) {
    }

    private static final Map<String, Wrapper> WRAPPERS = Map.of(
            "timeout", new Wrapper(Set.of("-s", "--signal", "-k", "--kill-after"),
                    Set.of("--preserve-status", "--foreground", "-v", "--verbose"), 1, null, CommandClass.UNKNOWN),
            "nice", new Wrapper(Set.of("-n", "--adjustment"), Set.of(), 0, null, CommandClass.READ_ONLY),
            "time", new Wrapper(Set.of(), Set.of("-p"), 0, null, CommandClass.READ_ONLY),
            "command", new Wrapper(Set.of(), Set.of("-p"), 0, null, CommandClass.READ_ONLY),
            "stdbuf", new Wrapper(Set.of("-i", "-o", "-e", "--input", "--output", "--error"), Set.of(), 0, null,
                    CommandClass.UNKNOWN),
            "nohup", new Wrapper(Set.of(), Set.of(), 0, "nohup runs a command detached from the script",
                    CommandClass.UNKNOWN),
            "sudo", new Wrapper(Set.of("-u", "--user", "-g", "--group", "-C", "-D", "-h", "--host", "-p", "-r",
                    "-t", "-U", "-T"), Set.of("-n", "--non-interactive", "-E", "-H", "-P", "-S", "-b", "-k", "-A"),
                    0, "sudo runs a command as another user", CommandClass.UNKNOWN),
            "doas", new Wrapper(Set.of("-u", "-C"), Set.of("-n"), 0, "doas runs a command as another user",
                    CommandClass.UNKNOWN),
            "exec", new Wrapper(Set.of("-a"), Set.of("-c", "-l"), 0, "exec replaces the shell or its files",
                    CommandClass.UNKNOWN),
            "xargs", new Wrapper(Set.of("-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "--max-lines",
                    "-n", "--max-args", "-P", "--max-procs", "-s", "--max-chars"), Set.of("-0", "--null", "-r",
                    "--no-run-if-empty", "-t", "--verbose", "-x", "--exit"), 0,
                    "xargs runs a command with arguments read at run time", CommandClass.READ_ONLY));

    private ShellCommand() {
    }

    /** The {@code commands} parameter of {@code AWS-RunShellScript}: one script, a line per element. */
    public static ShellClassification classify(List<String> commands) {
        return classify(String.join("\n", commands));
    }

    public static ShellClassification classify(String script) {
        Verdicts verdicts = new Verdicts();
        if (script.length() > MAX_SCRIPT_CHARS) {
            verdicts.add(CommandClass.UNKNOWN, "the script is longer than " + MAX_SCRIPT_CHARS + " characters");
        } else {
            classifyScript(script, 0, verdicts);
        }
        return verdicts.result();
    }

    /** Each part's class and why; the script's is the worst. */
    private static final class Verdicts {
        private record Part(CommandClass commandClass, String reason) {
        }

        private final List<Part> parts = new ArrayList<>();
        private final Set<String> programs = new LinkedHashSet<>();

        void add(CommandClass commandClass, String reason) {
            parts.add(new Part(commandClass, reason));
        }

        ShellClassification result() {
            CommandClass worst = CommandClass.READ_ONLY;
            for (Part part : parts) {
                worst = CommandClass.worst(worst, part.commandClass());
            }
            List<String> names = List.copyOf(programs);
            if (worst == CommandClass.READ_ONLY) {
                String reason = names.isEmpty() ? "the script runs no command"
                        : "every command only reads: " + String.join(", ", names);
                return new ShellClassification(worst, names, reason);
            }
            CommandClass decided = worst;
            String reason = parts.stream().filter(p -> p.commandClass() == decided).map(Part::reason).distinct()
                    .limit(3).collect(Collectors.joining("; "));
            return new ShellClassification(worst, names, reason);
        }
    }

    private static void classifyScript(String script, int shellDepth, Verdicts out) {
        ShellSyntax.Parsed parsed = ShellSyntax.parse(script);
        if (!parsed.complete()) {
            out.add(CommandClass.UNKNOWN, "the script does not parse: " + parsed.error());
        }
        for (String hazard : parsed.hazards()) {
            out.add(CommandClass.UNKNOWN, hazard);
        }
        for (SimpleCommand command : parsed.commands()) {
            classifyCommand(command, shellDepth, out);
        }
    }

    private static void classifyCommand(SimpleCommand command, int shellDepth, Verdicts out) {
        for (Redirect redirect : command.redirects()) {
            classifyRedirect(redirect, out);
        }
        List<Word> words = new ArrayList<>(command.words());
        while (!words.isEmpty() && KEYWORDS.stream().anyMatch(words.getFirst()::isPlain)) {
            words.removeFirst();
        }
        while (!words.isEmpty() && words.getFirst().assignmentName() != null) {
            checkAssignment(words.removeFirst(), out);
        }
        if (!words.isEmpty()) {
            classifyInvocation(words, shellDepth, out);
        }
    }

    private static void checkAssignment(Word word, Verdicts out) {
        String name = word.assignmentName();
        if (DANGEROUS_VARIABLES.contains(name) || DANGEROUS_VARIABLE_PREFIXES.stream().anyMatch(name::startsWith)) {
            out.add(CommandClass.UNKNOWN, "setting " + name + " changes what later commands run");
        }
    }

    private static void classifyRedirect(Redirect redirect, Verdicts out) {
        String op = redirect.op();
        Word target = redirect.target();
        boolean fdDup = (op.equals(">&") || op.equals("<&"))
                && target.literal() && !target.glob() && (target.text().equals("-")
                || (!target.text().isEmpty() && target.text().chars().allMatch(Character::isDigit)));
        if (fdDup || op.equals("<<") || op.equals("<<-") || op.equals("<<<")) {
            return;
        }
        String text = target.text();
        boolean output = !op.equals("<") && !op.equals("<&");
        if (!target.literal() || target.glob()) {
            if (output) {
                out.add(CommandClass.UNKNOWN, "output goes to a file named at run time (" + op + ")");
            }
            return;
        }
        if (text.startsWith("/dev/tcp/") || text.startsWith("/dev/udp/")) {
            out.add(CommandClass.UNKNOWN, "the redirection " + op + " " + text + " opens a network connection");
            return;
        }
        if (!output || SAFE_SINKS.contains(text) || text.startsWith("/dev/fd/")) {
            return;
        }
        if (DISK_DEVICES.stream().anyMatch(text::startsWith)) {
            out.add(CommandClass.DESTRUCTIVE, "the redirection " + op + " " + text + " writes over a device");
        } else if (text.startsWith("/dev/")) {
            out.add(CommandClass.UNKNOWN, "the redirection " + op + " " + text + " writes to a device");
        } else {
            out.add(CommandClass.WRITE, "the redirection " + op + " " + text + " writes a file");
        }
    }

    private static void classifyInvocation(List<Word> words, int shellDepth, Verdicts out) {
        Word name = words.getFirst();
        List<Word> args = words.subList(1, words.size());
        if (!name.literal()) {
            out.add(CommandClass.UNKNOWN, "a variable or substitution names the command");
            return;
        }
        if (name.glob()) {
            out.add(CommandClass.UNKNOWN, "a pattern names the command: " + name.text());
            return;
        }
        String path = name.text();
        if (path.isEmpty()) {
            out.add(CommandClass.UNKNOWN, "an empty word names the command");
            return;
        }
        String program = path.substring(path.lastIndexOf('/') + 1);
        if (!name.quoted()) {
            switch (path) {
                case "for", "select" -> {
                    // A loop's header: its words are data, its body the commands that follow.
                    return;
                }
                case "case", "function", "coproc" -> {
                    out.add(CommandClass.UNKNOWN, "'" + path + "' is not classified");
                    return;
                }
                default -> {
                }
            }
        }
        out.programs.add(program.isEmpty() ? path : program);
        if (isDestructiveProgram(program)) {
            out.add(CommandClass.DESTRUCTIVE, program + " destroys data or stops the instance");
            return;
        }
        if (path.contains("/") && TRUSTED_DIRS.stream().noneMatch(dir -> path.startsWith(dir)
                && path.indexOf('/', dir.length()) < 0)) {
            out.add(CommandClass.UNKNOWN, "runs a program by its path: " + path);
            return;
        }
        Wrapper wrapper = WRAPPERS.get(program);
        if (wrapper != null) {
            classifyWrapper(program, wrapper, args, shellDepth, out);
            return;
        }
        switch (program) {
            case "rm" -> classifyRm(args, out);
            case "kill" -> classifyKill(args, out);
            case "env" -> classifyEnv(args, shellDepth, out);
            case "eval" -> classifyEval(args, shellDepth, out);
            case "source", "." -> out.add(CommandClass.UNKNOWN, program + " runs the commands of another file");
            case "export", "readonly", "local" -> classifyExport(program, args, out);
            case "awk", "gawk", "mawk", "nawk" -> classifyAwk(program, args, out);
            case "sed" -> classifySed(args, out);
            case "find" -> classifyFind(args, shellDepth, out);
            default -> {
                if (SHELLS.contains(program)) {
                    classifyShell(program, args, shellDepth, out);
                } else if (RULES.readOnly().containsKey(program)) {
                    classifyListed(program, RULES.readOnly().get(program), args, out);
                } else if (RULES.writers().contains(program)) {
                    out.add(CommandClass.WRITE, program + " changes the instance");
                } else {
                    out.add(CommandClass.UNKNOWN, program + " is not a known read-only program");
                }
            }
        }
    }

    private static boolean isDestructiveProgram(String program) {
        return RULES.destructive().contains(program) || RULES.destructivePrefixes().stream().anyMatch(program::startsWith);
    }

    private static boolean isPlainArgument(Word word) {
        return word.literal() && !word.glob();
    }

    /** A listed program: read-only unless an option, subcommand or operand says otherwise. */
    private static void classifyListed(String program, ShellRules.ProgramRule rule, List<Word> args, Verdicts out) {
        List<String> operands = new ArrayList<>();
        List<String> options = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 0; i < args.size(); i++) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                if (rule.hasSurface()) {
                    out.add(CommandClass.UNKNOWN, "an argument of " + program + " is expanded at run time and could "
                            + "become an option");
                    return;
                }
                operands.add(arg.text());
                continue;
            }
            String text = arg.text();
            if (!endOfOptions && text.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (!endOfOptions && text.startsWith("-") && text.length() > 1) {
                options.add(text);
                for (Map.Entry<String, String> forbidden : rule.forbiddenOptions().entrySet()) {
                    if (optionMatches(text, forbidden.getKey(), rule.optionStyle())) {
                        out.add(CommandClass.fromPolicyName(forbidden.getValue()),
                                program + " " + forbidden.getKey() + " is not read-only");
                    }
                }
                if (rule.optionsWithArgument().contains(text)) {
                    i++;
                }
                continue;
            }
            operands.add(text);
        }
        for (String required : rule.requiredOptions()) {
            if (options.stream().noneMatch(o -> optionMatches(o, required, rule.optionStyle()))) {
                out.add(CommandClass.UNKNOWN, program + " is read-only only with " + required);
            }
        }
        List<String> rest = operands;
        if (rule.subcommands() != null) {
            if (rule.subcommandFirst() && !args.isEmpty() && args.getFirst().text().startsWith("-")) {
                out.add(CommandClass.UNKNOWN, program + " options before the subcommand are not classified");
                return;
            }
            if (operands.isEmpty()) {
                out.add(rule.noSubcommand() == null ? CommandClass.UNKNOWN
                        : CommandClass.fromPolicyName(rule.noSubcommand()), program + " without a subcommand");
                return;
            }
            String subcommand = operands.getFirst();
            String cls = rule.subcommands().get(subcommand);
            out.add(cls == null ? CommandClass.UNKNOWN : CommandClass.fromPolicyName(cls),
                    program + " " + subcommand + (cls == null ? " is not classified" : " is " + cls));
            rest = operands.subList(1, operands.size());
        }
        CommandClass extra = CommandClass.fromPolicyName(rule.extraOperands());
        if (rule.maxOperands() != null && rest.size() > rule.maxOperands()) {
            out.add(extra, program + " with more than " + rule.maxOperands() + " operands is not read-only");
        }
        if (rule.operandPrefix() != null && rest.stream().anyMatch(o -> !o.startsWith(rule.operandPrefix()))) {
            out.add(extra, program + " with an operand not starting with " + rule.operandPrefix() + " is not read-only");
        }
        out.add(CommandClass.READ_ONLY, program + " reads");
    }

    /**
     * Whether {@code arg} is {@code option}: in getopt style short letters match inside clusters
     * ({@code -no}) and long options match by any prefix getopt would accept ({@code --out}).
     */
    static boolean optionMatches(String arg, String option, String style) {
        if (style.equals("words")) {
            return arg.equals(option);
        }
        if (option.startsWith("--")) {
            if (!arg.startsWith("--")) {
                return false;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            return name.length() > 2 && option.startsWith(name);
        }
        return arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf(option.charAt(1), 1) > 0;
    }

    private static void classifyRm(List<Word> args, Verdicts out) {
        boolean endOfOptions = false;
        for (Word arg : args) {
            if (!arg.literal()) {
                out.add(CommandClass.DESTRUCTIVE, "rm of an argument expanded at run time may delete recursively");
                return;
            }
            String text = arg.text();
            if (endOfOptions || arg.glob()) {
                continue;
            }
            if (text.equals("--")) {
                endOfOptions = true;
            } else if (optionMatches(text, "-r", "getopt") || optionMatches(text, "-R", "getopt")
                    || optionMatches(text, "--recursive", "getopt")
                    || optionMatches(text, "--no-preserve-root", "getopt")) {
                out.add(CommandClass.DESTRUCTIVE, "rm " + text + " deletes recursively");
                return;
            }
        }
        out.add(CommandClass.WRITE, "rm deletes files");
    }

    private static void classifyKill(List<Word> args, Verdicts out) {
        boolean signalRead = false;
        for (int i = 0; i < args.size(); i++) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "kill of a process chosen at run time");
                return;
            }
            String text = arg.text();
            if (!signalRead && (text.equals("-l") || text.equals("-L"))) {
                out.add(CommandClass.READ_ONLY, "kill -l lists signals");
                return;
            }
            if (!signalRead && (text.equals("-s") || text.equals("-n"))) {
                i++;
                signalRead = true;
                continue;
            }
            if (!signalRead && text.startsWith("-") && !text.equals("--")) {
                signalRead = true;
                continue;
            }
            signalRead = true;
            if (text.equals("1") || text.equals("-1")) {
                out.add(CommandClass.DESTRUCTIVE, "kill " + text + " stops init or every process");
                return;
            }
        }
        out.add(CommandClass.WRITE, "kill stops processes");
    }

    private static void classifyWrapper(String program, Wrapper wrapper, List<Word> args, int shellDepth,
                                        Verdicts out) {
        if (wrapper.floorReason() != null) {
            out.add(CommandClass.UNKNOWN, wrapper.floorReason());
        }
        int i = 0;
        while (i < args.size()) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of " + program + " is expanded at run time");
                return;
            }
            String text = arg.text();
            if (text.equals("--")) {
                i++;
                break;
            }
            if (!text.startsWith("-") || text.equals("-")) {
                break;
            }
            if (program.equals("command") && (text.equals("-v") || text.equals("-V"))) {
                out.add(CommandClass.READ_ONLY, "command -v looks a program up");
                return;
            }
            int eq = text.indexOf('=');
            if (wrapper.optionsWithArgument().contains(text)) {
                i += 2;
            } else if (wrapper.flags().contains(text)
                    || (text.startsWith("--") && eq > 0 && wrapper.optionsWithArgument().contains(text.substring(0, eq)))
                    || (!text.startsWith("--") && text.length() > 2
                    && wrapper.optionsWithArgument().contains(text.substring(0, 2)))) {
                i++;
            } else {
                out.add(CommandClass.UNKNOWN, program + " " + text + " is not classified");
                return;
            }
        }
        i += wrapper.leadingOperands();
        if (i >= args.size()) {
            out.add(wrapper.withoutCommand(), program + " without a command");
            return;
        }
        classifyWrapped(args.subList(i, args.size()), shellDepth, out);
    }

    private static void classifyWrapped(List<Word> words, int shellDepth, Verdicts out) {
        List<Word> rest = new ArrayList<>(words);
        while (!rest.isEmpty() && rest.getFirst().assignmentName() != null) {
            checkAssignment(rest.removeFirst(), out);
        }
        if (!rest.isEmpty()) {
            classifyInvocation(rest, shellDepth, out);
        }
    }

    private static void classifyEnv(List<Word> args, int shellDepth, Verdicts out) {
        int i = 0;
        while (i < args.size()) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of env is expanded at run time");
                return;
            }
            String text = arg.text();
            if (text.equals("--")) {
                i++;
                break;
            }
            if (text.equals("-i") || text.equals("-") || text.equals("--ignore-environment") || text.equals("-0")
                    || text.equals("--null")) {
                i++;
            } else if (text.equals("-u") || text.equals("--unset") || text.equals("-C") || text.equals("--chdir")) {
                i += 2;
            } else if (text.startsWith("--unset=") || text.startsWith("--chdir=")) {
                i++;
            } else if (text.startsWith("-")) {
                out.add(CommandClass.UNKNOWN, "env " + text + " is not classified");
                return;
            } else {
                break;
            }
        }
        while (i < args.size() && args.get(i).assignmentName() != null) {
            checkAssignment(args.get(i), out);
            i++;
        }
        if (i >= args.size()) {
            out.add(CommandClass.READ_ONLY, "env lists the environment");
            return;
        }
        classifyInvocation(args.subList(i, args.size()), shellDepth, out);
    }

    private static void classifyEval(List<Word> args, int shellDepth, Verdicts out) {
        out.add(CommandClass.UNKNOWN, "eval runs a string as commands");
        if (args.stream().allMatch(ShellCommand::isPlainArgument)) {
            classifyNested(args.stream().map(Word::text).collect(Collectors.joining(" ")), shellDepth, out);
        }
    }

    private static void classifyShell(String program, List<Word> args, int shellDepth, Verdicts out) {
        out.add(CommandClass.UNKNOWN, program + " runs another shell");
        for (int i = 0; i < args.size(); i++) {
            Word arg = args.get(i);
            if (isPlainArgument(arg) && arg.text().startsWith("-") && arg.text().contains("c")
                    && !arg.text().startsWith("--") && i + 1 < args.size() && isPlainArgument(args.get(i + 1))) {
                classifyNested(args.get(i + 1).text(), shellDepth, out);
                return;
            }
        }
    }

    private static void classifyNested(String script, int shellDepth, Verdicts out) {
        if (shellDepth >= MAX_NESTED_SHELLS) {
            out.add(CommandClass.UNKNOWN, "shells nest deeper than " + MAX_NESTED_SHELLS);
            return;
        }
        classifyScript(script, shellDepth + 1, out);
    }

    private static void classifyExport(String program, List<Word> args, Verdicts out) {
        for (Word arg : args) {
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of " + program + " is expanded at run time");
                return;
            }
            if (arg.assignmentName() != null) {
                checkAssignment(arg, out);
            } else if (!arg.text().isEmpty() && ShellSyntax.isNameStart(arg.text().charAt(0))
                    && !arg.text().contains("=")) {
                continue;
            } else if (!arg.text().equals("-p") && !arg.text().equals("-n") && !arg.text().equals("-f")) {
                out.add(CommandClass.UNKNOWN, program + " " + arg.text() + " is not classified");
            }
        }
        out.add(CommandClass.READ_ONLY, program + " sets shell variables");
    }

    /** awk is read-only when its program, in the script, can neither run commands nor write files. */
    private static void classifyAwk(String program, List<Word> args, Verdicts out) {
        int i = 0;
        while (i < args.size()) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of " + program + " is expanded at run time");
                return;
            }
            String text = arg.text();
            if (text.equals("--")) {
                i++;
                break;
            }
            if (text.equals("-F") || text.equals("-v")) {
                i += 2;
            } else if ((text.startsWith("-F") || text.startsWith("-v")) && text.length() > 2
                    || text.startsWith("--field-separator=") || text.startsWith("--assign=")) {
                i++;
            } else if (text.startsWith("-") && text.length() > 1) {
                out.add(CommandClass.UNKNOWN, program + " " + text + " is not classified (it may load a program file)");
                return;
            } else {
                break;
            }
        }
        if (i >= args.size() || !isPlainArgument(args.get(i))) {
            out.add(CommandClass.UNKNOWN, program + " without a program Airlock can read");
            return;
        }
        String awkProgram = args.get(i).text();
        for (String risky : List.of("system", "|", ">", "getline", "@")) {
            if (awkProgram.contains(risky)) {
                out.add(CommandClass.UNKNOWN, program + " program holds '" + risky + "' (it may run commands or "
                        + "write files)");
                return;
            }
        }
        out.add(CommandClass.READ_ONLY, program + " reads");
    }

    /** sed is read-only only as {@code sed -n} with a script that prints lines and does nothing else. */
    private static void classifySed(List<Word> args, Verdicts out) {
        String script = null;
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of sed is expanded at run time");
                return;
            }
            String text = arg.text();
            if (optionMatches(text, "--in-place", "getopt")) {
                out.add(CommandClass.WRITE, "sed --in-place edits files");
                return;
            }
            if (text.equals("--quiet") || text.equals("--silent")) {
                quiet = true;
            } else if (text.equals("-E") || text.equals("-r") || text.equals("--regexp-extended")
                    || text.equals("-s") || text.equals("-u") || text.equals("-z") || text.equals("--posix")) {
                continue;
            } else if (text.startsWith("-") && text.length() > 1) {
                for (int c = 1; c < text.length(); c++) {
                    char letter = text.charAt(c);
                    if (letter == 'i') {
                        out.add(CommandClass.WRITE, "sed -i edits files");
                        return;
                    }
                    if (letter == 'n') {
                        quiet = true;
                    } else if ("Ersuz".indexOf(letter) < 0) {
                        out.add(CommandClass.UNKNOWN, "sed " + text + " is not classified");
                        return;
                    }
                }
            } else if (script == null) {
                script = text;
            }
        }
        if (!quiet || script == null || !SedScript.onlyPrints(script)) {
            out.add(CommandClass.UNKNOWN, "sed is read-only only as sed -n with a script that prints lines");
            return;
        }
        out.add(CommandClass.READ_ONLY, "sed -n prints lines");
    }

    private static void classifyFind(List<Word> args, int shellDepth, Verdicts out) {
        ShellRules.FindRule rule = RULES.find();
        for (int i = 0; i < args.size(); i++) {
            Word arg = args.get(i);
            if (!isPlainArgument(arg)) {
                out.add(CommandClass.UNKNOWN, "an argument of find is expanded at run time and could become a "
                        + "predicate");
                return;
            }
            String text = arg.text();
            if (rule.execPredicates().contains(text)) {
                int end = i + 1;
                while (end < args.size() && !(isPlainArgument(args.get(end))
                        && (args.get(end).text().equals(";") || args.get(end).text().equals("+")))) {
                    end++;
                }
                if (end >= args.size() || end == i + 1) {
                    out.add(CommandClass.UNKNOWN, "find " + text + " without a command ended by ; or +");
                    return;
                }
                classifyInvocation(args.subList(i + 1, end), shellDepth, out);
                i = end;
                continue;
            }
            String cls = rule.forbiddenPredicates().get(text);
            if (cls != null) {
                out.add(CommandClass.fromPolicyName(cls), "find " + text + " is not read-only");
            }
        }
        out.add(CommandClass.READ_ONLY, "find reads");
    }
}
