//! Completion of secret names, appended to clap_complete's static scripts
//! for bash, zsh and fish. clap_complete 4.6 can complete values only
//! through its `unstable-dynamic` engine, which replaces the whole script
//! with calls into the binary; so the static script stays, and a small
//! wrapper completes names where they go: the NAME argument of every
//! command that takes one, `--env VAR=NAME`, `--prefix`, `--secret-id`.
//! The names come from `arca __complete names PREFIX`, which never prompts.
//!
//! clap and std only: `tests/generated.rs` includes this file too.

use std::fmt::Write;

use clap::Command;

/// Options whose value is a secret name or a name prefix.
const NAME_OPTIONS: [&str; 3] = ["--prefix", "--secret-id", "--name"];
/// Options whose value is `VAR=NAME[#FIELD]`.
const ENV_OPTIONS: [&str; 1] = ["--env"];

/// What the wrapper needs from the command definition.
struct Shape {
    /// Subcommands (and aliases) whose first positional is a secret NAME.
    one_name: Vec<String>,
    /// Subcommands whose positionals are all names (`batch-get`).
    many_names: Vec<String>,
    /// Every option that takes a value, so its value is not a positional.
    value_options: Vec<String>,
}

fn shape(cli: &Command) -> Shape {
    let mut shape = Shape {
        one_name: Vec::new(),
        many_names: Vec::new(),
        value_options: Vec::new(),
    };
    for cmd in std::iter::once(cli).chain(cli.get_subcommands()) {
        for arg in cmd.get_arguments() {
            if arg.is_positional() || !arg.get_action().takes_values() {
                continue;
            }
            let longs = arg.get_long_and_visible_aliases().unwrap_or_default();
            for l in longs {
                push_unique(&mut shape.value_options, format!("--{l}"));
            }
            if let Some(s) = arg.get_short() {
                push_unique(&mut shape.value_options, format!("-{s}"));
            }
        }
        if cmd.get_name() == cli.get_name() {
            continue;
        }
        let Some(first) = cmd.get_positionals().next() else {
            continue;
        };
        let id = first.get_id().as_str();
        let names: Vec<String> = std::iter::once(cmd.get_name())
            .chain(cmd.get_visible_aliases())
            .map(str::to_owned)
            .collect();
        match id {
            "name" => shape.one_name.extend(names),
            "names" => shape.many_names.extend(names),
            _ => {}
        }
    }
    shape
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// clap_complete's zsh script ends by calling (when autoloaded) or
/// registering `_arca`; the wrapper takes its place.
const ZSH_TAIL: &str = "if [ \"$funcstack[1]\" = \"_arca\" ]; then
    _arca \"$@\"
else
    compdef _arca arca
fi
";

/// clap_complete's `script` for `shell` ("bash", "zsh", "fish") with the
/// name completion added; other shells' scripts unchanged.
pub fn finish(shell: &str, cli: &Command, script: Vec<u8>) -> Vec<u8> {
    let shape = shape(cli);
    let mut text = String::from_utf8_lossy(&script).into_owned();
    match shell {
        "bash" => text.push_str(&bash(&shape)),
        "zsh" => {
            text = text.replace(ZSH_TAIL, "");
            text.push_str(&zsh(&shape));
        }
        "fish" => text.push_str(&fish(&shape)),
        _ => return script,
    }
    text.into_bytes()
}

fn bash(s: &Shape) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"
# Secret names (hand-written wrapper, see src/complete_names.rs): the NAME
# argument, --env VAR=NAME, --prefix. `arca __complete` never prompts.
_arca_names() {{
    local line="${{COMP_LINE:0:COMP_POINT}}" cur="" prev="" sub="" i npos=0
    local -a words
    read -ra words <<< "$line"
    if [[ "$line" == *[[:space:]] || ${{#words[@]}} -eq 0 ]]; then
        words+=("")
    fi
    cur="${{words[${{#words[@]}}-1]}}"
    (( ${{#words[@]}} > 1 )) && prev="${{words[${{#words[@]}}-2]}}"
    local value_opts=" {value_opts} "
    for (( i = 1; i < ${{#words[@]}} - 1; i++ )); do
        local w="${{words[i]}}"
        if [[ "$w" == -* ]]; then
            [[ "$w" != *=* && "$value_opts" == *" $w "* ]] && (( i++ ))
        elif [[ -z "$sub" ]]; then
            sub="$w"
        else
            (( npos++ ))
        fi
    done
    local mode="" arg="$cur"
    case "$prev" in
        {name_opts}) mode=names ;;
        {env_opts}) mode=env ;;
        *)
            if [[ "$cur" != -* && ( "$value_opts" != *" $prev "* || -z "$prev" ) ]]; then
                case " {one} " in *" $sub "*) (( npos == 0 )) && mode=names ;; esac
                case " {many} " in *" $sub "*) mode=names ;; esac
            fi ;;
    esac
    if [[ -z "$mode" ]]; then
        _arca "$@"
        return
    fi
    local -a found
    mapfile -t found < <(arca __complete "$mode" "$arg" 2>/dev/null)
    # Readline replaces only the text after the last word-break character
    # (= and : among them), so drop what comes before it.
    local keep=0
    for (( i = ${{#cur}} - 1; i >= 0; i-- )); do
        if [[ "$COMP_WORDBREAKS" == *"${{cur:i:1}}"* ]]; then
            keep=$(( i + 1 ))
            break
        fi
    done
    COMPREPLY=()
    for i in "${{found[@]}}"; do
        COMPREPLY+=("${{i:keep}}")
    done
    # A prefix ending in / is usually not the whole name yet.
    if [[ ${{#COMPREPLY[@]}} -eq 1 && "${{COMPREPLY[0]}}" == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
}}
complete -F _arca_names -o nosort -o bashdefault -o default arca
"#,
        value_opts = s.value_options.join(" "),
        name_opts = NAME_OPTIONS.join("|"),
        env_opts = ENV_OPTIONS.join("|"),
        one = s.one_name.join(" "),
        many = s.many_names.join(" "),
    );
    out
}

fn zsh(s: &Shape) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"
# Secret names (hand-written wrapper, see src/complete_names.rs): the NAME
# argument, --env VAR=NAME, --prefix. `arca __complete` never prompts.
_arca_names() {{
    local cur="${{words[CURRENT]}}" prev="${{words[CURRENT-1]}}" sub="" i npos=0
    local value_opts=" {value_opts} "
    for (( i = 2; i < CURRENT; i++ )); do
        local w="${{words[i]}}"
        if [[ "$w" == -* ]]; then
            [[ "$w" != *=* && "$value_opts" == *" $w "* ]] && (( i++ ))
        elif [[ -z "$sub" ]]; then
            sub="$w"
        else
            (( npos++ ))
        fi
    done
    local mode=""
    case "$prev" in
        {name_opts}) mode=names ;;
        {env_opts}) mode=env ;;
        *)
            if [[ "$cur" != -* && "$value_opts" != *" $prev "* ]]; then
                [[ " {one} " == *" $sub "* && $npos -eq 0 ]] && mode=names
                [[ " {many} " == *" $sub "* ]] && mode=names
            fi ;;
    esac
    if [[ -z "$mode" ]]; then
        _arca "$@"
        return
    fi
    local -a found
    found=("${{(@f)$(arca __complete "$mode" "$cur" 2>/dev/null)}}")
    found=(${{found:#}})
    compadd -Q -S '' -- "${{found[@]}}"
}}

# Autoloaded as _arca: from now on the wrapper completes arca.
if [ "$funcstack[1]" = "_arca" ]; then
    compdef _arca_names arca
    _arca_names "$@"
else
    compdef _arca_names arca
fi
"#,
        value_opts = s.value_options.join(" "),
        name_opts = NAME_OPTIONS.join("|"),
        env_opts = ENV_OPTIONS.join("|"),
        one = s.one_name.join(" "),
        many = s.many_names.join(" "),
    );
    out
}

fn fish(s: &Shape) -> String {
    let mut out = String::from(
        "\n# Secret names (hand-written, see src/complete_names.rs). \
         `arca __complete` never prompts.\n",
    );
    let mut commands: Vec<&str> = s.one_name.iter().map(String::as_str).collect();
    commands.extend(s.many_names.iter().map(String::as_str));
    let _ = writeln!(
        out,
        "complete -c arca -n '__fish_seen_subcommand_from {}' -f -a '(arca __complete names (commandline -ct) 2>/dev/null)'",
        commands.join(" ")
    );
    for opt in NAME_OPTIONS {
        let _ = writeln!(
            out,
            "complete -c arca -l {} -x -a '(arca __complete names (commandline -ct) 2>/dev/null)'",
            &opt[2..]
        );
    }
    for opt in ENV_OPTIONS {
        let _ = writeln!(
            out,
            "complete -c arca -l {} -x -a '(arca __complete env (commandline -ct) 2>/dev/null)'",
            &opt[2..]
        );
    }
    out
}
