# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_arca_global_optspecs
    string join \n vault= identity= config= o/output= color= v/verbose no-agent h/help V/version
end

function __fish_arca_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_arca_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_arca_using_subcommand
    set -l cmd (__fish_arca_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c arca -n "__fish_arca_needs_command" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_needs_command" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_needs_command" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_needs_command" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_needs_command" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_needs_command" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_needs_command" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_needs_command" -f -a "init" -d 'Create an identity (unless one exists) and an empty vault'
complete -c arca -n "__fish_arca_needs_command" -f -a "create" -d 'Create a secret whose first version is AWSCURRENT'
complete -c arca -n "__fish_arca_needs_command" -f -a "get" -d 'Print a secret\'s value, byte-exact'
complete -c arca -n "__fish_arca_needs_command" -f -a "show" -d 'Print a secret\'s value, byte-exact'
complete -c arca -n "__fish_arca_needs_command" -f -a "cat" -d 'Print a secret\'s value, byte-exact'
complete -c arca -n "__fish_arca_needs_command" -f -a "put" -d 'Store a new version of a secret'
complete -c arca -n "__fish_arca_needs_command" -f -a "versions" -d 'List a secret\'s versions with their staging labels'
complete -c arca -n "__fish_arca_needs_command" -f -a "stage" -d 'Move or remove a staging label'
complete -c arca -n "__fish_arca_needs_command" -f -a "update" -d 'Change a secret\'s description and/or store a new value'
complete -c arca -n "__fish_arca_needs_command" -f -a "describe" -d 'Show a secret\'s metadata, versions, rotation and dates (never the value)'
complete -c arca -n "__fish_arca_needs_command" -f -a "list" -d 'List secrets'
complete -c arca -n "__fish_arca_needs_command" -f -a "ls" -d 'List secrets'
complete -c arca -n "__fish_arca_needs_command" -f -a "tag" -d 'Add or overwrite tags'
complete -c arca -n "__fish_arca_needs_command" -f -a "untag" -d 'Remove tags by key'
complete -c arca -n "__fish_arca_needs_command" -f -a "delete" -d 'Schedule a secret\'s deletion, or delete it now'
complete -c arca -n "__fish_arca_needs_command" -f -a "rm" -d 'Schedule a secret\'s deletion, or delete it now'
complete -c arca -n "__fish_arca_needs_command" -f -a "restore" -d 'Cancel a scheduled deletion'
complete -c arca -n "__fish_arca_needs_command" -f -a "batch-get" -d 'Print several values at once'
complete -c arca -n "__fish_arca_needs_command" -f -a "rotate" -d 'Rotate a secret now, configure its rotation, or rotate every due secret'
complete -c arca -n "__fish_arca_needs_command" -f -a "cancel-rotation" -d 'Turn rotation off and drop an unfinished AWSPENDING version\'s label'
complete -c arca -n "__fish_arca_needs_command" -f -a "recipients" -d 'Show or change who can open the vault'
complete -c arca -n "__fish_arca_needs_command" -f -a "random-password" -d 'Print a random password from the OS random generator'
complete -c arca -n "__fish_arca_needs_command" -f -a "exec" -d 'Run a command with secrets as environment variables'
complete -c arca -n "__fish_arca_needs_command" -f -a "serve" -d 'Answer Secrets Manager\'s API from the vault, for AWS SDKs and the aws CLI'
complete -c arca -n "__fish_arca_needs_command" -f -a "env" -d 'Print secrets as shell, dotenv, JSON or GitHub Actions variables'
complete -c arca -n "__fish_arca_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c arca -n "__fish_arca_needs_command" -f -a "import" -d 'Create or update many secrets in one transaction'
complete -c arca -n "__fish_arca_needs_command" -f -a "create-secret" -d 'Create a secret (AWS CreateSecret), with or without a first value'
complete -c arca -n "__fish_arca_needs_command" -f -a "get-secret-value" -d 'Print a value as AWS GetSecretValue\'s response'
complete -c arca -n "__fish_arca_needs_command" -f -a "batch-get-secret-value" -d 'Several values at once (AWS BatchGetSecretValue)'
complete -c arca -n "__fish_arca_needs_command" -f -a "put-secret-value" -d 'Store a new version (AWS PutSecretValue)'
complete -c arca -n "__fish_arca_needs_command" -f -a "update-secret" -d 'Change the description and/or store a new value (AWS UpdateSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "describe-secret" -d 'A secret\'s metadata (AWS DescribeSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "list-secrets" -d 'List secrets (AWS ListSecrets), every page unless --max-results'
complete -c arca -n "__fish_arca_needs_command" -f -a "list-secret-version-ids" -d 'A secret\'s versions (AWS ListSecretVersionIds)'
complete -c arca -n "__fish_arca_needs_command" -f -a "update-secret-version-stage" -d 'Move or remove a staging label (AWS UpdateSecretVersionStage)'
complete -c arca -n "__fish_arca_needs_command" -f -a "tag-resource" -d 'Add or overwrite tags (AWS TagResource)'
complete -c arca -n "__fish_arca_needs_command" -f -a "untag-resource" -d 'Remove tags (AWS UntagResource)'
complete -c arca -n "__fish_arca_needs_command" -f -a "delete-secret" -d 'Schedule a deletion, or delete now (AWS DeleteSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "restore-secret" -d 'Cancel a scheduled deletion (AWS RestoreSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "rotate-secret" -d 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "cancel-rotate-secret" -d 'Turn rotation off (AWS CancelRotateSecret)'
complete -c arca -n "__fish_arca_needs_command" -f -a "get-random-password" -d 'A random password (AWS GetRandomPassword)'
complete -c arca -n "__fish_arca_needs_command" -f -a "export" -d 'Print the current values of all live secrets'
complete -c arca -n "__fish_arca_needs_command" -f -a "git" -d 'Keep the vault in git: diffs without values, a merge driver'
complete -c arca -n "__fish_arca_needs_command" -f -a "conflicts" -d 'List the merge conflicts recorded in the vault, or resolve them'
complete -c arca -n "__fish_arca_needs_command" -f -a "scan" -d 'Look for the vault\'s values in files, or in what is staged for commit'
complete -c arca -n "__fish_arca_needs_command" -f -a "inject" -d 'Render a template, replacing {{ arca:NAME }} references with values'
complete -c arca -n "__fish_arca_needs_command" -f -a "edit" -d 'Edit a secret\'s value in $VISUAL or $EDITOR (default vi)'
complete -c arca -n "__fish_arca_needs_command" -f -a "agent" -d 'Start, stop or ask the agent that holds unlocked identities'
complete -c arca -n "__fish_arca_needs_command" -f -a "unlock" -d 'Unlock the identities once, for the agent to hold (starts it if needed)'
complete -c arca -n "__fish_arca_needs_command" -f -a "lock" -d 'Make the agent forget every identity and file key it holds now'
complete -c arca -n "__fish_arca_needs_command" -f -a "remote" -d 'Add, list or remove the remotes that sync, push and pull use'
complete -c arca -n "__fish_arca_needs_command" -f -a "sync" -d 'Sync secrets with a remote both ways'
complete -c arca -n "__fish_arca_needs_command" -f -a "push" -d 'Send this vault\'s changes to a remote (the remote keeps its own)'
complete -c arca -n "__fish_arca_needs_command" -f -a "pull" -d 'Bring a remote\'s changes into this vault (local changes stay here)'
complete -c arca -n "__fish_arca_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand init" -l recipient -d 'Also encrypt the vault to this recipient (age1…, ssh-ed25519 …; repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand init" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand init" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand init" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand init" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand init" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand init" -l passphrase -d 'Protect the new identity with a passphrase (asked twice)'
complete -c arca -n "__fish_arca_using_subcommand init" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand init" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand init" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand create" -l description -d 'What the secret is for' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l tag -d 'A tag as KEY=VALUE (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l value-file -d 'Read the value from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create" -l binary-file -d 'Read a binary value (SecretBinary) from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create" -l secret-string -d 'The value itself, for AWS parity; other processes can read argv, so avoid it' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l length -d 'Password length' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l exclude-characters -d 'Characters never to use' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l client-request-token -d 'Version id of the first version (32–64 chars); repeating the same call is a no-op' -r
complete -c arca -n "__fish_arca_using_subcommand create" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand create" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand create" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand create" -l generate -d 'Generate a random password (takes the random-password flags)'
complete -c arca -n "__fish_arca_using_subcommand create" -l exclude-numbers -d 'No digits'
complete -c arca -n "__fish_arca_using_subcommand create" -l exclude-punctuation -d 'No punctuation (!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~)'
complete -c arca -n "__fish_arca_using_subcommand create" -l exclude-uppercase -d 'No upper-case letters'
complete -c arca -n "__fish_arca_using_subcommand create" -l exclude-lowercase -d 'No lower-case letters'
complete -c arca -n "__fish_arca_using_subcommand create" -l include-space -d 'Also use the space character'
complete -c arca -n "__fish_arca_using_subcommand create" -l require-each-included-type -d 'At least one character of each included type [default]'
complete -c arca -n "__fish_arca_using_subcommand create" -l no-require-each-included-type -d 'Characters of any included type, not necessarily each'
complete -c arca -n "__fish_arca_using_subcommand create" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand create" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand create" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand get" -l version-id -d 'The version with this id' -r
complete -c arca -n "__fish_arca_using_subcommand get" -l version-stage -d 'The version with this staging label' -r
complete -c arca -n "__fish_arca_using_subcommand get" -l field -d 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host' -r
complete -c arca -n "__fish_arca_using_subcommand get" -l clip-seconds -d 'Seconds before the clipboard is cleared' -r
complete -c arca -n "__fish_arca_using_subcommand get" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand get" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand get" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand get" -s c -l clip -d 'Copy the value (or --field) to the clipboard instead of printing it'
complete -c arca -n "__fish_arca_using_subcommand get" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand get" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand get" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand show" -l version-id -d 'The version with this id' -r
complete -c arca -n "__fish_arca_using_subcommand show" -l version-stage -d 'The version with this staging label' -r
complete -c arca -n "__fish_arca_using_subcommand show" -l field -d 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host' -r
complete -c arca -n "__fish_arca_using_subcommand show" -l clip-seconds -d 'Seconds before the clipboard is cleared' -r
complete -c arca -n "__fish_arca_using_subcommand show" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand show" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand show" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand show" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand show" -s c -l clip -d 'Copy the value (or --field) to the clipboard instead of printing it'
complete -c arca -n "__fish_arca_using_subcommand show" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand show" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand show" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand cat" -l version-id -d 'The version with this id' -r
complete -c arca -n "__fish_arca_using_subcommand cat" -l version-stage -d 'The version with this staging label' -r
complete -c arca -n "__fish_arca_using_subcommand cat" -l field -d 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host' -r
complete -c arca -n "__fish_arca_using_subcommand cat" -l clip-seconds -d 'Seconds before the clipboard is cleared' -r
complete -c arca -n "__fish_arca_using_subcommand cat" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand cat" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cat" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cat" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand cat" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand cat" -s c -l clip -d 'Copy the value (or --field) to the clipboard instead of printing it'
complete -c arca -n "__fish_arca_using_subcommand cat" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand cat" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand cat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand cat" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand put" -l version-stage -d 'Staging label for the new version (repeatable) [default: AWSCURRENT]' -r
complete -c arca -n "__fish_arca_using_subcommand put" -l value-file -d 'Read the value from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put" -l binary-file -d 'Read a binary value (SecretBinary) from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put" -l secret-string -d 'The value itself, for AWS parity; other processes can read argv, so avoid it' -r
complete -c arca -n "__fish_arca_using_subcommand put" -l length -d 'Password length' -r
complete -c arca -n "__fish_arca_using_subcommand put" -l exclude-characters -d 'Characters never to use' -r
complete -c arca -n "__fish_arca_using_subcommand put" -l client-request-token -d 'Version id of the new version (32–64 chars); repeating the same call is a no-op' -r
complete -c arca -n "__fish_arca_using_subcommand put" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand put" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand put" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand put" -l generate -d 'Generate a random password (takes the random-password flags)'
complete -c arca -n "__fish_arca_using_subcommand put" -l exclude-numbers -d 'No digits'
complete -c arca -n "__fish_arca_using_subcommand put" -l exclude-punctuation -d 'No punctuation (!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~)'
complete -c arca -n "__fish_arca_using_subcommand put" -l exclude-uppercase -d 'No upper-case letters'
complete -c arca -n "__fish_arca_using_subcommand put" -l exclude-lowercase -d 'No lower-case letters'
complete -c arca -n "__fish_arca_using_subcommand put" -l include-space -d 'Also use the space character'
complete -c arca -n "__fish_arca_using_subcommand put" -l require-each-included-type -d 'At least one character of each included type [default]'
complete -c arca -n "__fish_arca_using_subcommand put" -l no-require-each-included-type -d 'Characters of any included type, not necessarily each'
complete -c arca -n "__fish_arca_using_subcommand put" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand put" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand put" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand versions" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand versions" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand versions" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand versions" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand versions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand versions" -l include-deprecated -d 'Also list versions without a staging label'
complete -c arca -n "__fish_arca_using_subcommand versions" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand versions" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand versions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand versions" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand stage" -l move-to -d 'Put the label on this version' -r
complete -c arca -n "__fish_arca_using_subcommand stage" -l remove-from -d 'Take the label off this version' -r
complete -c arca -n "__fish_arca_using_subcommand stage" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand stage" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand stage" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand stage" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand stage" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand stage" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand stage" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand stage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand stage" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand update" -l description -d 'New description' -r
complete -c arca -n "__fish_arca_using_subcommand update" -l value-file -d 'Read the value from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update" -l binary-file -d 'Read a binary value (SecretBinary) from a file (- for standard input)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update" -l secret-string -d 'The value itself, for AWS parity; other processes can read argv, so avoid it' -r
complete -c arca -n "__fish_arca_using_subcommand update" -l length -d 'Password length' -r
complete -c arca -n "__fish_arca_using_subcommand update" -l exclude-characters -d 'Characters never to use' -r
complete -c arca -n "__fish_arca_using_subcommand update" -l client-request-token -d 'Version id of the new version (32–64 chars); repeating the same call is a no-op' -r
complete -c arca -n "__fish_arca_using_subcommand update" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand update" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand update" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand update" -l generate -d 'Generate a random password (takes the random-password flags)'
complete -c arca -n "__fish_arca_using_subcommand update" -l exclude-numbers -d 'No digits'
complete -c arca -n "__fish_arca_using_subcommand update" -l exclude-punctuation -d 'No punctuation (!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~)'
complete -c arca -n "__fish_arca_using_subcommand update" -l exclude-uppercase -d 'No upper-case letters'
complete -c arca -n "__fish_arca_using_subcommand update" -l exclude-lowercase -d 'No lower-case letters'
complete -c arca -n "__fish_arca_using_subcommand update" -l include-space -d 'Also use the space character'
complete -c arca -n "__fish_arca_using_subcommand update" -l require-each-included-type -d 'At least one character of each included type [default]'
complete -c arca -n "__fish_arca_using_subcommand update" -l no-require-each-included-type -d 'Characters of any included type, not necessarily each'
complete -c arca -n "__fish_arca_using_subcommand update" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand update" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand update" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand describe" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand describe" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand describe" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand describe" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand describe" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand list" -l filter -d 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand list" -l sort -d 'Order by name' -r -f -a "asc\t''
desc\t''"
complete -c arca -n "__fish_arca_using_subcommand list" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand list" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand list" -l include-planned-deletion -d 'Also list secrets scheduled for deletion'
complete -c arca -n "__fish_arca_using_subcommand list" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand list" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand list" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand ls" -l filter -d 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand ls" -l sort -d 'Order by name' -r -f -a "asc\t''
desc\t''"
complete -c arca -n "__fish_arca_using_subcommand ls" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand ls" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand ls" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand ls" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand ls" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand ls" -l include-planned-deletion -d 'Also list secrets scheduled for deletion'
complete -c arca -n "__fish_arca_using_subcommand ls" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand ls" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand ls" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand tag" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand tag" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand tag" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand tag" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand tag" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand untag" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand untag" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand untag" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand untag" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand untag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand untag" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand delete" -l recovery-window-days -d 'Days until the secret is gone for good' -r
complete -c arca -n "__fish_arca_using_subcommand delete" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand delete" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand delete" -l force-delete-without-recovery -d 'Delete now, with no way back (succeeds when the secret does not exist)'
complete -c arca -n "__fish_arca_using_subcommand delete" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand delete" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand delete" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand rm" -l recovery-window-days -d 'Days until the secret is gone for good' -r
complete -c arca -n "__fish_arca_using_subcommand rm" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand rm" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rm" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rm" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand rm" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand rm" -l force-delete-without-recovery -d 'Delete now, with no way back (succeeds when the secret does not exist)'
complete -c arca -n "__fish_arca_using_subcommand rm" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand rm" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand rm" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand restore" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand restore" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand restore" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand restore" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand restore" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l filter -d 'Select by filter instead, as in list (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand batch-get" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand batch-get" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand batch-get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand batch-get" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand rotate" -l hook -d 'The hook (from the config file) that carries out the steps' -r
complete -c arca -n "__fish_arca_using_subcommand rotate" -l every -d 'Rotate every N days (1–1000), e.g. 30d' -r
complete -c arca -n "__fish_arca_using_subcommand rotate" -l schedule -d '\'rate(N days|hours)\' or AWS\'s six-field \'cron(…)\', in UTC' -r
complete -c arca -n "__fish_arca_using_subcommand rotate" -l window -d 'How long after a scheduled start the rotation may run (1h–24h)' -r
complete -c arca -n "__fish_arca_using_subcommand rotate" -l client-request-token -d 'Version id for the pending version (32–64 chars)' -r
complete -c arca -n "__fish_arca_using_subcommand rotate" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand rotate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand rotate" -l due -d 'Rotate every secret whose next rotation date has passed'
complete -c arca -n "__fish_arca_using_subcommand rotate" -l no-rotate-immediately -d 'Only configure; the next rotation counts from now'
complete -c arca -n "__fish_arca_using_subcommand rotate" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand rotate" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotation" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "list" -d 'Print the vault\'s recipients and their labels'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "ls" -d 'Print the vault\'s recipients and their labels'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "add" -d 'Add recipients and re-encrypt the vault to them'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "remove" -d 'Remove recipients (by key or label) and re-encrypt the vault without them'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "rm" -d 'Remove recipients (by key or label) and re-encrypt the vault without them'
complete -c arca -n "__fish_arca_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l label -d 'A name for the recipient (one KEY), unique in this vault, e.g. alice-laptop' -r
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print the vault\'s recipients and their labels'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add recipients and re-encrypt the vault to them'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove recipients (by key or label) and re-encrypt the vault without them'
complete -c arca -n "__fish_arca_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l length -d 'Password length' -r
complete -c arca -n "__fish_arca_using_subcommand random-password" -l exclude-characters -d 'Characters never to use' -r
complete -c arca -n "__fish_arca_using_subcommand random-password" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand random-password" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand random-password" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand random-password" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand random-password" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand random-password" -l exclude-numbers -d 'No digits'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l exclude-punctuation -d 'No punctuation (!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~)'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l exclude-uppercase -d 'No upper-case letters'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l exclude-lowercase -d 'No lower-case letters'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l include-space -d 'Also use the space character'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l require-each-included-type -d 'At least one character of each included type [default]'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l no-require-each-included-type -d 'Characters of any included type, not necessarily each'
complete -c arca -n "__fish_arca_using_subcommand random-password" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand random-password" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand random-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand random-password" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand exec" -l env -d 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand exec" -l env-file -d 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand exec" -l prefix -d 'Every secret under PREFIX, named from the rest of its name (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand exec" -l filter -d 'Only secrets matching KEY=VALUE, as in list (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand exec" -l version-stage -d 'Read the version with this staging label instead of AWSCURRENT' -r
complete -c arca -n "__fish_arca_using_subcommand exec" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand exec" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand exec" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand exec" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand exec" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand exec" -l mask -d 'Keep arca as the parent and replace every secret value (and its base64 form) in the command\'s output with ***'
complete -c arca -n "__fish_arca_using_subcommand exec" -l aws -d 'Give the command its own Secrets Manager endpoint (arca serve on a random loopback port) and credentials, for AWS SDK code'
complete -c arca -n "__fish_arca_using_subcommand exec" -l no-inherit-env -d 'Start the command with only the injected variables and PATH, HOME, USER, LANG, TERM'
complete -c arca -n "__fish_arca_using_subcommand exec" -l pass-key -d 'Pass ARCA_KEY on to the command (removed from its environment otherwise: it opens the whole vault)'
complete -c arca -n "__fish_arca_using_subcommand exec" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand exec" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand exec" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand serve" -l listen -d 'Address and port to listen on (port 0: any free one)' -r
complete -c arca -n "__fish_arca_using_subcommand serve" -l tls-cert -d 'TLS certificate chain (PEM), required off loopback' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -l tls-key -d 'TLS private key (PEM)' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -l credentials-file -d 'Keep the key pair in this AWS credentials file (mode 0600) instead of printing it' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand serve" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand serve" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand serve" -l agent-protocol -d 'Also answer the Secrets Manager Agent\'s GET /secretsmanager/get?secretId=ID'
complete -c arca -n "__fish_arca_using_subcommand serve" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand serve" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand serve" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand env" -l env -d 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand env" -l env-file -d 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand env" -l prefix -d 'Every secret under PREFIX, named from the rest of its name (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand env" -l filter -d 'Only secrets matching KEY=VALUE, as in list (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand env" -l version-stage -d 'Read the version with this staging label instead of AWSCURRENT' -r
complete -c arca -n "__fish_arca_using_subcommand env" -l format -d 'How to print the variables' -r -f -a "shell\t'export NAME=\'value\', for eval'
dotenv\t'NAME="value", for dotenv readers'
json\t'A JSON object'
github\t'GitHub Actions: masks on stdout, values appended to $GITHUB_ENV'"
complete -c arca -n "__fish_arca_using_subcommand env" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand env" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand env" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand env" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand env" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand env" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand env" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand env" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand completions" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand completions" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand completions" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand completions" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand completions" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand completions" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand completions" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand import" -l format -d 'What the file holds' -r -f -a "dotenv\t'KEY=value lines'
json\t'A JSON object of name → value'
aws\t'The AWS CLI\'s batch-get-secret-value or get-secret-value output'"
complete -c arca -n "__fish_arca_using_subcommand import" -l prefix -d 'Put this in front of every name (e.g. app/)' -r
complete -c arca -n "__fish_arca_using_subcommand import" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand import" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand import" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand import" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand import" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand import" -l dry-run -d 'Only list what would change; write nothing'
complete -c arca -n "__fish_arca_using_subcommand import" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand import" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand import" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand create-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand create-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand create-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand create-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand create-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand create-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand create-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand get-secret-value" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand batch-get-secret-value" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand put-secret-value" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand update-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand update-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand update-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand update-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand update-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand describe-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand list-secrets" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand list-secret-version-ids" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand update-secret-version-stage" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand tag-resource" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand untag-resource" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand delete-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand restore-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand rotate-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand cancel-rotate-secret" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand get-random-password" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand export" -l format -d 'Output format (json keeps every name as it is)' -r -f -a "json\t'A JSON object of name → value'
dotenv\t'KEY="value" lines, KEY from the name: upper-cased, other characters as _'"
complete -c arca -n "__fish_arca_using_subcommand export" -l prefix -d 'Only secrets whose name starts with PREFIX; dotenv keys leave it out' -r
complete -c arca -n "__fish_arca_using_subcommand export" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand export" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand export" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand export" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand export" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand export" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand export" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand export" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "setup" -d 'Configure this repository and clone for the vault (idempotent)'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "textconv" -d 'Print a vault as text for git diff: never a value, never a prompt'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "merge-driver" -d 'Merge two versions of a vault (git\'s merge driver: %O %A %B %P)'
complete -c arca -n "__fish_arca_using_subcommand git; and not __fish_seen_subcommand_from setup textconv merge-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l pre-commit -d 'Also install a pre-commit hook running \'arca scan --staged\''
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from setup" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from textconv" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from merge-driver" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Configure this repository and clone for the vault (idempotent)'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "textconv" -d 'Print a vault as text for git diff: never a value, never a prompt'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'Merge two versions of a vault (git\'s merge driver: %O %A %B %P)'
complete -c arca -n "__fish_arca_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -f -a "resolve" -d 'Settle recorded conflicts: ours, theirs, the newest, or a version'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and not __fish_seen_subcommand_from resolve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l take -d 'ours, theirs, newest (the provisional winner), or a VERSION_ID for a label' -r
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l all -d 'Settle every recorded conflict'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Settle recorded conflicts: ours, theirs, the newest, or a version'
complete -c arca -n "__fish_arca_using_subcommand conflicts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand scan" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand scan" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand scan" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand scan" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand scan" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand scan" -l staged -d 'Scan the git index (what is about to be committed), not the files'
complete -c arca -n "__fish_arca_using_subcommand scan" -l all-history -d 'Scan every blob of the repository\'s history once'
complete -c arca -n "__fish_arca_using_subcommand scan" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand scan" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand scan" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand inject" -s i -l in-file -d 'Template to read [default: standard input]' -r -F
complete -c arca -n "__fish_arca_using_subcommand inject" -l out-file -d 'Write here (created with mode 0600) instead of standard output' -r -F
complete -c arca -n "__fish_arca_using_subcommand inject" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand inject" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand inject" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand inject" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand inject" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand inject" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand inject" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand inject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand inject" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand edit" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand edit" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand edit" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand edit" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand edit" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand edit" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand edit" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand edit" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -f -a "start" -d 'Start the agent (in the background unless --foreground)'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -f -a "stop" -d 'Stop the agent; its memory is wiped'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -f -a "status" -d 'Show whether the agent is unlocked, what it holds and when it locks'
complete -c arca -n "__fish_arca_using_subcommand agent; and not __fish_seen_subcommand_from start stop status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l ttl -d 'Lock after this long without use (e.g. 30s, 15m, 1h)' -r
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l max-ttl -d 'Lock this long after unlocking, however much it is used' -r
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l foreground -d 'Stay in the foreground (for a systemd user unit or a terminal)'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l cache-vault -d 'Also hold the decrypted vault, so that get answers from memory'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start the agent (in the background unless --foreground)'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the agent; its memory is wiped'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether the agent is unlocked, what it holds and when it locks'
complete -c arca -n "__fish_arca_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand unlock" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand unlock" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand unlock" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand unlock" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand unlock" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand unlock" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand unlock" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand lock" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand lock" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand lock" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand lock" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand lock" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand lock" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand lock" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand lock" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "add" -d 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "list" -d 'List the remotes'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "ls" -d 'List the remotes'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "remove" -d 'Remove a remote from the config (nothing is deleted anywhere)'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "rm" -d 'Remove a remote from the config (nothing is deleted anywhere)'
complete -c arca -n "__fish_arca_using_subcommand remote; and not __fish_seen_subcommand_from add list ls remove rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l region -d 'AWS region (default: the SDK\'s chain: AWS_REGION, the profile)' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l profile -d 'AWS profile in ~/.aws/config' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l endpoint-url -d 'Secrets Manager endpoint (e.g. a local test server)' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l kms-key-id -d 'KMS key for the secrets arca creates on AWS' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l prefix -d 'Only secrets whose names start with this (same names on both sides)' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l filter -d 'Only secrets matching KEY=VALUE, as list --filter (repeatable, all must match)' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l recipient -d 'Recipient of a replica file that does not exist yet (repeatable)' -r
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the remotes'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a remote from the config (nothing is deleted anywhere)'
complete -c arca -n "__fish_arca_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand sync" -l prefer -d 'Settle conflicts for this side instead of skipping the secret' -r -f -a "local\t''
remote\t''"
complete -c arca -n "__fish_arca_using_subcommand sync" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand sync" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand sync" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand sync" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand sync" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand sync" -s n -l dry-run -d 'Print the plan and change nothing'
complete -c arca -n "__fish_arca_using_subcommand sync" -l adopt -d 'Take over remote secrets that arca did not create (tags them)'
complete -c arca -n "__fish_arca_using_subcommand sync" -l prune -d 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
complete -c arca -n "__fish_arca_using_subcommand sync" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand sync" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand sync" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand push" -l prefer -d 'Settle conflicts for this side instead of skipping the secret' -r -f -a "local\t''
remote\t''"
complete -c arca -n "__fish_arca_using_subcommand push" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand push" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand push" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand push" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand push" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand push" -s n -l dry-run -d 'Print the plan and change nothing'
complete -c arca -n "__fish_arca_using_subcommand push" -l adopt -d 'Take over remote secrets that arca did not create (tags them)'
complete -c arca -n "__fish_arca_using_subcommand push" -l prune -d 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
complete -c arca -n "__fish_arca_using_subcommand push" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand push" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand push" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand pull" -l prefer -d 'Settle conflicts for this side instead of skipping the secret' -r -f -a "local\t''
remote\t''"
complete -c arca -n "__fish_arca_using_subcommand pull" -l vault -d 'Vault file to use' -r -F
complete -c arca -n "__fish_arca_using_subcommand pull" -l identity -d 'Identity file to decrypt with (repeatable)' -r -F
complete -c arca -n "__fish_arca_using_subcommand pull" -l config -d 'Config file (rotation hooks)' -r -F
complete -c arca -n "__fish_arca_using_subcommand pull" -s o -l output -d 'Output format [default: text; table for list and versions on a terminal]' -r -f -a "text\t'Plain values and tab-separated lines'
json\t'The AWS CLI\'s JSON for the same call'
table\t'A table for people'"
complete -c arca -n "__fish_arca_using_subcommand pull" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c arca -n "__fish_arca_using_subcommand pull" -s n -l dry-run -d 'Print the plan and change nothing'
complete -c arca -n "__fish_arca_using_subcommand pull" -l adopt -d 'Take over remote secrets that arca did not create (tags them)'
complete -c arca -n "__fish_arca_using_subcommand pull" -l prune -d 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
complete -c arca -n "__fish_arca_using_subcommand pull" -s v -l verbose -d 'Say on stderr which vault, identities and config are used, and timings'
complete -c arca -n "__fish_arca_using_subcommand pull" -l no-agent -d 'Read identity files directly, even if an agent is running'
complete -c arca -n "__fish_arca_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c arca -n "__fish_arca_using_subcommand pull" -s V -l version -d 'Print version'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "init" -d 'Create an identity (unless one exists) and an empty vault'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "create" -d 'Create a secret whose first version is AWSCURRENT'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "get" -d 'Print a secret\'s value, byte-exact'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "put" -d 'Store a new version of a secret'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "versions" -d 'List a secret\'s versions with their staging labels'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "stage" -d 'Move or remove a staging label'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "update" -d 'Change a secret\'s description and/or store a new value'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "describe" -d 'Show a secret\'s metadata, versions, rotation and dates (never the value)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "list" -d 'List secrets'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "tag" -d 'Add or overwrite tags'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "untag" -d 'Remove tags by key'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "delete" -d 'Schedule a secret\'s deletion, or delete it now'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "restore" -d 'Cancel a scheduled deletion'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "batch-get" -d 'Print several values at once'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "rotate" -d 'Rotate a secret now, configure its rotation, or rotate every due secret'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "cancel-rotation" -d 'Turn rotation off and drop an unfinished AWSPENDING version\'s label'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "recipients" -d 'Show or change who can open the vault'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "random-password" -d 'Print a random password from the OS random generator'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "exec" -d 'Run a command with secrets as environment variables'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "serve" -d 'Answer Secrets Manager\'s API from the vault, for AWS SDKs and the aws CLI'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "env" -d 'Print secrets as shell, dotenv, JSON or GitHub Actions variables'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "completions" -d 'Print a shell completion script'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "import" -d 'Create or update many secrets in one transaction'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "create-secret" -d 'Create a secret (AWS CreateSecret), with or without a first value'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "get-secret-value" -d 'Print a value as AWS GetSecretValue\'s response'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "batch-get-secret-value" -d 'Several values at once (AWS BatchGetSecretValue)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "put-secret-value" -d 'Store a new version (AWS PutSecretValue)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "update-secret" -d 'Change the description and/or store a new value (AWS UpdateSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "describe-secret" -d 'A secret\'s metadata (AWS DescribeSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "list-secrets" -d 'List secrets (AWS ListSecrets), every page unless --max-results'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "list-secret-version-ids" -d 'A secret\'s versions (AWS ListSecretVersionIds)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "update-secret-version-stage" -d 'Move or remove a staging label (AWS UpdateSecretVersionStage)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "tag-resource" -d 'Add or overwrite tags (AWS TagResource)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "untag-resource" -d 'Remove tags (AWS UntagResource)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "delete-secret" -d 'Schedule a deletion, or delete now (AWS DeleteSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "restore-secret" -d 'Cancel a scheduled deletion (AWS RestoreSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "rotate-secret" -d 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "cancel-rotate-secret" -d 'Turn rotation off (AWS CancelRotateSecret)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "get-random-password" -d 'A random password (AWS GetRandomPassword)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "export" -d 'Print the current values of all live secrets'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "git" -d 'Keep the vault in git: diffs without values, a merge driver'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "conflicts" -d 'List the merge conflicts recorded in the vault, or resolve them'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "scan" -d 'Look for the vault\'s values in files, or in what is staged for commit'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "inject" -d 'Render a template, replacing {{ arca:NAME }} references with values'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "edit" -d 'Edit a secret\'s value in $VISUAL or $EDITOR (default vi)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "agent" -d 'Start, stop or ask the agent that holds unlocked identities'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "unlock" -d 'Unlock the identities once, for the agent to hold (starts it if needed)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "lock" -d 'Make the agent forget every identity and file key it holds now'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "remote" -d 'Add, list or remove the remotes that sync, push and pull use'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "sync" -d 'Sync secrets with a remote both ways'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "push" -d 'Send this vault\'s changes to a remote (the remote keeps its own)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "pull" -d 'Bring a remote\'s changes into this vault (local changes stay here)'
complete -c arca -n "__fish_arca_using_subcommand help; and not __fish_seen_subcommand_from init create get put versions stage update describe list tag untag delete restore batch-get rotate cancel-rotation recipients random-password exec serve env completions import create-secret get-secret-value batch-get-secret-value put-secret-value update-secret describe-secret list-secrets list-secret-version-ids update-secret-version-stage tag-resource untag-resource delete-secret restore-secret rotate-secret cancel-rotate-secret get-random-password export git conflicts scan inject edit agent unlock lock remote sync push pull help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "list" -d 'Print the vault\'s recipients and their labels'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "add" -d 'Add recipients and re-encrypt the vault to them'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "remove" -d 'Remove recipients (by key or label) and re-encrypt the vault without them'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "setup" -d 'Configure this repository and clone for the vault (idempotent)'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "textconv" -d 'Print a vault as text for git diff: never a value, never a prompt'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "merge-driver" -d 'Merge two versions of a vault (git\'s merge driver: %O %A %B %P)'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from conflicts" -f -a "resolve" -d 'Settle recorded conflicts: ours, theirs, the newest, or a version'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "start" -d 'Start the agent (in the background unless --foreground)'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "stop" -d 'Stop the agent; its memory is wiped'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "status" -d 'Show whether the agent is unlocked, what it holds and when it locks'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "add" -d 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "list" -d 'List the remotes'
complete -c arca -n "__fish_arca_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "remove" -d 'Remove a remote from the config (nothing is deleted anywhere)'

# Secret names (hand-written, see src/complete_names.rs). `arca __complete` never prompts.
complete -c arca -n '__fish_seen_subcommand_from create get show cat put versions stage update describe tag untag delete rm restore rotate cancel-rotation edit batch-get' -f -a '(arca __complete names (commandline -ct) 2>/dev/null)'
complete -c arca -l prefix -x -a '(arca __complete names (commandline -ct) 2>/dev/null)'
complete -c arca -l secret-id -x -a '(arca __complete names (commandline -ct) 2>/dev/null)'
complete -c arca -l name -x -a '(arca __complete names (commandline -ct) 2>/dev/null)'
complete -c arca -l env -x -a '(arca __complete env (commandline -ct) 2>/dev/null)'
