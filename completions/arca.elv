
use builtin;
use str;

set edit:completion:arg-completer[arca] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'arca'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'arca'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an identity (unless one exists) and an empty vault'
            cand create 'Create a secret whose first version is AWSCURRENT'
            cand get 'Print a secret''s value, byte-exact'
            cand show 'Print a secret''s value, byte-exact'
            cand cat 'Print a secret''s value, byte-exact'
            cand put 'Store a new version of a secret'
            cand versions 'List a secret''s versions with their staging labels'
            cand stage 'Move or remove a staging label'
            cand update 'Change a secret''s description and/or store a new value'
            cand describe 'Show a secret''s metadata, versions, rotation and dates (never the value)'
            cand list 'List secrets'
            cand ls 'List secrets'
            cand tag 'Add or overwrite tags'
            cand untag 'Remove tags by key'
            cand delete 'Schedule a secret''s deletion, or delete it now'
            cand rm 'Schedule a secret''s deletion, or delete it now'
            cand restore 'Cancel a scheduled deletion'
            cand batch-get 'Print several values at once'
            cand rotate 'Rotate a secret now, configure its rotation, or rotate every due secret'
            cand cancel-rotation 'Turn rotation off and drop an unfinished AWSPENDING version''s label'
            cand recipients 'Show or change who can open the vault'
            cand random-password 'Print a random password from the OS random generator'
            cand exec 'Run a command with secrets as environment variables'
            cand serve 'Answer Secrets Manager''s API from the vault, for AWS SDKs and the aws CLI'
            cand env 'Print secrets as shell, dotenv, JSON or GitHub Actions variables'
            cand completions 'Print a shell completion script'
            cand import 'Create or update many secrets in one transaction'
            cand create-secret 'Create a secret (AWS CreateSecret), with or without a first value'
            cand get-secret-value 'Print a value as AWS GetSecretValue''s response'
            cand batch-get-secret-value 'Several values at once (AWS BatchGetSecretValue)'
            cand put-secret-value 'Store a new version (AWS PutSecretValue)'
            cand update-secret 'Change the description and/or store a new value (AWS UpdateSecret)'
            cand describe-secret 'A secret''s metadata (AWS DescribeSecret)'
            cand list-secrets 'List secrets (AWS ListSecrets), every page unless --max-results'
            cand list-secret-version-ids 'A secret''s versions (AWS ListSecretVersionIds)'
            cand update-secret-version-stage 'Move or remove a staging label (AWS UpdateSecretVersionStage)'
            cand tag-resource 'Add or overwrite tags (AWS TagResource)'
            cand untag-resource 'Remove tags (AWS UntagResource)'
            cand delete-secret 'Schedule a deletion, or delete now (AWS DeleteSecret)'
            cand restore-secret 'Cancel a scheduled deletion (AWS RestoreSecret)'
            cand rotate-secret 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)'
            cand cancel-rotate-secret 'Turn rotation off (AWS CancelRotateSecret)'
            cand get-random-password 'A random password (AWS GetRandomPassword)'
            cand export 'Print the current values of all live secrets'
            cand git 'Keep the vault in git: diffs without values, a merge driver'
            cand conflicts 'List the merge conflicts recorded in the vault, or resolve them'
            cand scan 'Look for the vault''s values in files, or in what is staged for commit'
            cand inject 'Render a template, replacing {{ arca:NAME }} references with values'
            cand edit 'Edit a secret''s value in $VISUAL or $EDITOR (default vi)'
            cand agent 'Start, stop or ask the agent that holds unlocked identities'
            cand unlock 'Unlock the identities once, for the agent to hold (starts it if needed)'
            cand lock 'Make the agent forget every identity and file key it holds now'
            cand remote 'Add, list or remove the remotes that sync, push and pull use'
            cand sync 'Sync secrets with a remote both ways'
            cand push 'Send this vault''s changes to a remote (the remote keeps its own)'
            cand pull 'Bring a remote''s changes into this vault (local changes stay here)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;init'= {
            cand --recipient 'Also encrypt the vault to this recipient (age1…, ssh-ed25519 …; repeatable)'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --passphrase 'Protect the new identity with a passphrase (asked twice)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;create'= {
            cand --description 'What the secret is for'
            cand --tag 'A tag as KEY=VALUE (repeatable)'
            cand --value-file 'Read the value from a file (- for standard input)'
            cand --binary-file 'Read a binary value (SecretBinary) from a file (- for standard input)'
            cand --secret-string 'The value itself, for AWS parity; other processes can read argv, so avoid it'
            cand --length 'Password length'
            cand --exclude-characters 'Characters never to use'
            cand --client-request-token 'Version id of the first version (32–64 chars); repeating the same call is a no-op'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --generate 'Generate a random password (takes the random-password flags)'
            cand --exclude-numbers 'No digits'
            cand --exclude-punctuation 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)'
            cand --exclude-uppercase 'No upper-case letters'
            cand --exclude-lowercase 'No lower-case letters'
            cand --include-space 'Also use the space character'
            cand --require-each-included-type 'At least one character of each included type [default]'
            cand --no-require-each-included-type 'Characters of any included type, not necessarily each'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;get'= {
            cand --version-id 'The version with this id'
            cand --version-stage 'The version with this staging label'
            cand --field 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host'
            cand --clip-seconds 'Seconds before the clipboard is cleared'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -c 'Copy the value (or --field) to the clipboard instead of printing it'
            cand --clip 'Copy the value (or --field) to the clipboard instead of printing it'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;show'= {
            cand --version-id 'The version with this id'
            cand --version-stage 'The version with this staging label'
            cand --field 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host'
            cand --clip-seconds 'Seconds before the clipboard is cleared'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -c 'Copy the value (or --field) to the clipboard instead of printing it'
            cand --clip 'Copy the value (or --field) to the clipboard instead of printing it'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;cat'= {
            cand --version-id 'The version with this id'
            cand --version-stage 'The version with this staging label'
            cand --field 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host'
            cand --clip-seconds 'Seconds before the clipboard is cleared'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -c 'Copy the value (or --field) to the clipboard instead of printing it'
            cand --clip 'Copy the value (or --field) to the clipboard instead of printing it'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;put'= {
            cand --version-stage 'Staging label for the new version (repeatable) [default: AWSCURRENT]'
            cand --value-file 'Read the value from a file (- for standard input)'
            cand --binary-file 'Read a binary value (SecretBinary) from a file (- for standard input)'
            cand --secret-string 'The value itself, for AWS parity; other processes can read argv, so avoid it'
            cand --length 'Password length'
            cand --exclude-characters 'Characters never to use'
            cand --client-request-token 'Version id of the new version (32–64 chars); repeating the same call is a no-op'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --generate 'Generate a random password (takes the random-password flags)'
            cand --exclude-numbers 'No digits'
            cand --exclude-punctuation 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)'
            cand --exclude-uppercase 'No upper-case letters'
            cand --exclude-lowercase 'No lower-case letters'
            cand --include-space 'Also use the space character'
            cand --require-each-included-type 'At least one character of each included type [default]'
            cand --no-require-each-included-type 'Characters of any included type, not necessarily each'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;versions'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --include-deprecated 'Also list versions without a staging label'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;stage'= {
            cand --move-to 'Put the label on this version'
            cand --remove-from 'Take the label off this version'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;update'= {
            cand --description 'New description'
            cand --value-file 'Read the value from a file (- for standard input)'
            cand --binary-file 'Read a binary value (SecretBinary) from a file (- for standard input)'
            cand --secret-string 'The value itself, for AWS parity; other processes can read argv, so avoid it'
            cand --length 'Password length'
            cand --exclude-characters 'Characters never to use'
            cand --client-request-token 'Version id of the new version (32–64 chars); repeating the same call is a no-op'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --generate 'Generate a random password (takes the random-password flags)'
            cand --exclude-numbers 'No digits'
            cand --exclude-punctuation 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)'
            cand --exclude-uppercase 'No upper-case letters'
            cand --exclude-lowercase 'No lower-case letters'
            cand --include-space 'Also use the space character'
            cand --require-each-included-type 'At least one character of each included type [default]'
            cand --no-require-each-included-type 'Characters of any included type, not necessarily each'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;describe'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;list'= {
            cand --filter 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)'
            cand --sort 'Order by name'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --include-planned-deletion 'Also list secrets scheduled for deletion'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;ls'= {
            cand --filter 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)'
            cand --sort 'Order by name'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --include-planned-deletion 'Also list secrets scheduled for deletion'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;tag'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;untag'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;delete'= {
            cand --recovery-window-days 'Days until the secret is gone for good'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --force-delete-without-recovery 'Delete now, with no way back (succeeds when the secret does not exist)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;rm'= {
            cand --recovery-window-days 'Days until the secret is gone for good'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --force-delete-without-recovery 'Delete now, with no way back (succeeds when the secret does not exist)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;restore'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;batch-get'= {
            cand --filter 'Select by filter instead, as in list (repeatable)'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;rotate'= {
            cand --hook 'The hook (from the config file) that carries out the steps'
            cand --every 'Rotate every N days (1–1000), e.g. 30d'
            cand --schedule '''rate(N days|hours)'' or AWS''s six-field ''cron(…)'', in UTC'
            cand --window 'How long after a scheduled start the rotation may run (1h–24h)'
            cand --client-request-token 'Version id for the pending version (32–64 chars)'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --due 'Rotate every secret whose next rotation date has passed'
            cand --no-rotate-immediately 'Only configure; the next rotation counts from now'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;cancel-rotation'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Print the vault''s recipients and their labels'
            cand ls 'Print the vault''s recipients and their labels'
            cand add 'Add recipients and re-encrypt the vault to them'
            cand remove 'Remove recipients (by key or label) and re-encrypt the vault without them'
            cand rm 'Remove recipients (by key or label) and re-encrypt the vault without them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;recipients;list'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients;ls'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients;add'= {
            cand --label 'A name for the recipient (one KEY), unique in this vault, e.g. alice-laptop'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients;remove'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients;rm'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;recipients;help'= {
            cand list 'Print the vault''s recipients and their labels'
            cand add 'Add recipients and re-encrypt the vault to them'
            cand remove 'Remove recipients (by key or label) and re-encrypt the vault without them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;recipients;help;list'= {
        }
        &'arca;recipients;help;add'= {
        }
        &'arca;recipients;help;remove'= {
        }
        &'arca;recipients;help;help'= {
        }
        &'arca;random-password'= {
            cand --length 'Password length'
            cand --exclude-characters 'Characters never to use'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --exclude-numbers 'No digits'
            cand --exclude-punctuation 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)'
            cand --exclude-uppercase 'No upper-case letters'
            cand --exclude-lowercase 'No lower-case letters'
            cand --include-space 'Also use the space character'
            cand --require-each-included-type 'At least one character of each included type [default]'
            cand --no-require-each-included-type 'Characters of any included type, not necessarily each'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;exec'= {
            cand --env 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)'
            cand --env-file 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)'
            cand --prefix 'Every secret under PREFIX, named from the rest of its name (repeatable)'
            cand --filter 'Only secrets matching KEY=VALUE, as in list (repeatable)'
            cand --version-stage 'Read the version with this staging label instead of AWSCURRENT'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --mask 'Keep arca as the parent and replace every secret value (and its base64 form) in the command''s output with ***'
            cand --aws 'Give the command its own Secrets Manager endpoint (arca serve on a random loopback port) and credentials, for AWS SDK code'
            cand --no-inherit-env 'Start the command with only the injected variables and PATH, HOME, USER, LANG, TERM'
            cand --pass-key 'Pass ARCA_KEY on to the command (removed from its environment otherwise: it opens the whole vault)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;serve'= {
            cand --listen 'Address and port to listen on (port 0: any free one)'
            cand --tls-cert 'TLS certificate chain (PEM), required off loopback'
            cand --tls-key 'TLS private key (PEM)'
            cand --credentials-file 'Keep the key pair in this AWS credentials file (mode 0600) instead of printing it'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --agent-protocol 'Also answer the Secrets Manager Agent''s GET /secretsmanager/get?secretId=ID'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;env'= {
            cand --env 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)'
            cand --env-file 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)'
            cand --prefix 'Every secret under PREFIX, named from the rest of its name (repeatable)'
            cand --filter 'Only secrets matching KEY=VALUE, as in list (repeatable)'
            cand --version-stage 'Read the version with this staging label instead of AWSCURRENT'
            cand --format 'How to print the variables'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;completions'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;import'= {
            cand --format 'What the file holds'
            cand --prefix 'Put this in front of every name (e.g. app/)'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --dry-run 'Only list what would change; write nothing'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;create-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;get-secret-value'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;batch-get-secret-value'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;put-secret-value'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;update-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;describe-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;list-secrets'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;list-secret-version-ids'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;update-secret-version-stage'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;tag-resource'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;untag-resource'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;delete-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;restore-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;rotate-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;cancel-rotate-secret'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;get-random-password'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;export'= {
            cand --format 'Output format (json keeps every name as it is)'
            cand --prefix 'Only secrets whose name starts with PREFIX; dotenv keys leave it out'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;git'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Configure this repository and clone for the vault (idempotent)'
            cand textconv 'Print a vault as text for git diff: never a value, never a prompt'
            cand merge-driver 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;git;setup'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --pre-commit 'Also install a pre-commit hook running ''arca scan --staged'''
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;git;textconv'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;git;merge-driver'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;git;help'= {
            cand setup 'Configure this repository and clone for the vault (idempotent)'
            cand textconv 'Print a vault as text for git diff: never a value, never a prompt'
            cand merge-driver 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;git;help;setup'= {
        }
        &'arca;git;help;textconv'= {
        }
        &'arca;git;help;merge-driver'= {
        }
        &'arca;git;help;help'= {
        }
        &'arca;conflicts'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand resolve 'Settle recorded conflicts: ours, theirs, the newest, or a version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;conflicts;resolve'= {
            cand --take 'ours, theirs, newest (the provisional winner), or a VERSION_ID for a label'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --all 'Settle every recorded conflict'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;conflicts;help'= {
            cand resolve 'Settle recorded conflicts: ours, theirs, the newest, or a version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;conflicts;help;resolve'= {
        }
        &'arca;conflicts;help;help'= {
        }
        &'arca;scan'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --staged 'Scan the git index (what is about to be committed), not the files'
            cand --all-history 'Scan every blob of the repository''s history once'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;inject'= {
            cand -i 'Template to read [default: standard input]'
            cand --in-file 'Template to read [default: standard input]'
            cand --out-file 'Write here (created with mode 0600) instead of standard output'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;edit'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;agent'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand start 'Start the agent (in the background unless --foreground)'
            cand stop 'Stop the agent; its memory is wiped'
            cand status 'Show whether the agent is unlocked, what it holds and when it locks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;agent;start'= {
            cand --ttl 'Lock after this long without use (e.g. 30s, 15m, 1h)'
            cand --max-ttl 'Lock this long after unlocking, however much it is used'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand --foreground 'Stay in the foreground (for a systemd user unit or a terminal)'
            cand --cache-vault 'Also hold the decrypted vault, so that get answers from memory'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;agent;stop'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;agent;status'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;agent;help'= {
            cand start 'Start the agent (in the background unless --foreground)'
            cand stop 'Stop the agent; its memory is wiped'
            cand status 'Show whether the agent is unlocked, what it holds and when it locks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;agent;help;start'= {
        }
        &'arca;agent;help;stop'= {
        }
        &'arca;agent;help;status'= {
        }
        &'arca;agent;help;help'= {
        }
        &'arca;unlock'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;lock'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
            cand list 'List the remotes'
            cand ls 'List the remotes'
            cand remove 'Remove a remote from the config (nothing is deleted anywhere)'
            cand rm 'Remove a remote from the config (nothing is deleted anywhere)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;remote;add'= {
            cand --region 'AWS region (default: the SDK''s chain: AWS_REGION, the profile)'
            cand --profile 'AWS profile in ~/.aws/config'
            cand --endpoint-url 'Secrets Manager endpoint (e.g. a local test server)'
            cand --kms-key-id 'KMS key for the secrets arca creates on AWS'
            cand --prefix 'Only secrets whose names start with this (same names on both sides)'
            cand --filter 'Only secrets matching KEY=VALUE, as list --filter (repeatable, all must match)'
            cand --recipient 'Recipient of a replica file that does not exist yet (repeatable)'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote;list'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote;ls'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote;remove'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote;rm'= {
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;remote;help'= {
            cand add 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
            cand list 'List the remotes'
            cand remove 'Remove a remote from the config (nothing is deleted anywhere)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;remote;help;add'= {
        }
        &'arca;remote;help;list'= {
        }
        &'arca;remote;help;remove'= {
        }
        &'arca;remote;help;help'= {
        }
        &'arca;sync'= {
            cand --prefer 'Settle conflicts for this side instead of skipping the secret'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -n 'Print the plan and change nothing'
            cand --dry-run 'Print the plan and change nothing'
            cand --adopt 'Take over remote secrets that arca did not create (tags them)'
            cand --prune 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;push'= {
            cand --prefer 'Settle conflicts for this side instead of skipping the secret'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -n 'Print the plan and change nothing'
            cand --dry-run 'Print the plan and change nothing'
            cand --adopt 'Take over remote secrets that arca did not create (tags them)'
            cand --prune 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;pull'= {
            cand --prefer 'Settle conflicts for this side instead of skipping the secret'
            cand --vault 'Vault file to use'
            cand --identity 'Identity file to decrypt with (repeatable)'
            cand --config 'Config file (rotation hooks)'
            cand -o 'Output format [default: text; table for list and versions on a terminal]'
            cand --output 'Output format [default: text; table for list and versions on a terminal]'
            cand --color 'When to use colour'
            cand -n 'Print the plan and change nothing'
            cand --dry-run 'Print the plan and change nothing'
            cand --adopt 'Take over remote secrets that arca did not create (tags them)'
            cand --prune 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)'
            cand -v 'Say on stderr which vault, identities and config are used, and timings'
            cand --verbose 'Say on stderr which vault, identities and config are used, and timings'
            cand --no-agent 'Read identity files directly, even if an agent is running'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'arca;help'= {
            cand init 'Create an identity (unless one exists) and an empty vault'
            cand create 'Create a secret whose first version is AWSCURRENT'
            cand get 'Print a secret''s value, byte-exact'
            cand put 'Store a new version of a secret'
            cand versions 'List a secret''s versions with their staging labels'
            cand stage 'Move or remove a staging label'
            cand update 'Change a secret''s description and/or store a new value'
            cand describe 'Show a secret''s metadata, versions, rotation and dates (never the value)'
            cand list 'List secrets'
            cand tag 'Add or overwrite tags'
            cand untag 'Remove tags by key'
            cand delete 'Schedule a secret''s deletion, or delete it now'
            cand restore 'Cancel a scheduled deletion'
            cand batch-get 'Print several values at once'
            cand rotate 'Rotate a secret now, configure its rotation, or rotate every due secret'
            cand cancel-rotation 'Turn rotation off and drop an unfinished AWSPENDING version''s label'
            cand recipients 'Show or change who can open the vault'
            cand random-password 'Print a random password from the OS random generator'
            cand exec 'Run a command with secrets as environment variables'
            cand serve 'Answer Secrets Manager''s API from the vault, for AWS SDKs and the aws CLI'
            cand env 'Print secrets as shell, dotenv, JSON or GitHub Actions variables'
            cand completions 'Print a shell completion script'
            cand import 'Create or update many secrets in one transaction'
            cand create-secret 'Create a secret (AWS CreateSecret), with or without a first value'
            cand get-secret-value 'Print a value as AWS GetSecretValue''s response'
            cand batch-get-secret-value 'Several values at once (AWS BatchGetSecretValue)'
            cand put-secret-value 'Store a new version (AWS PutSecretValue)'
            cand update-secret 'Change the description and/or store a new value (AWS UpdateSecret)'
            cand describe-secret 'A secret''s metadata (AWS DescribeSecret)'
            cand list-secrets 'List secrets (AWS ListSecrets), every page unless --max-results'
            cand list-secret-version-ids 'A secret''s versions (AWS ListSecretVersionIds)'
            cand update-secret-version-stage 'Move or remove a staging label (AWS UpdateSecretVersionStage)'
            cand tag-resource 'Add or overwrite tags (AWS TagResource)'
            cand untag-resource 'Remove tags (AWS UntagResource)'
            cand delete-secret 'Schedule a deletion, or delete now (AWS DeleteSecret)'
            cand restore-secret 'Cancel a scheduled deletion (AWS RestoreSecret)'
            cand rotate-secret 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)'
            cand cancel-rotate-secret 'Turn rotation off (AWS CancelRotateSecret)'
            cand get-random-password 'A random password (AWS GetRandomPassword)'
            cand export 'Print the current values of all live secrets'
            cand git 'Keep the vault in git: diffs without values, a merge driver'
            cand conflicts 'List the merge conflicts recorded in the vault, or resolve them'
            cand scan 'Look for the vault''s values in files, or in what is staged for commit'
            cand inject 'Render a template, replacing {{ arca:NAME }} references with values'
            cand edit 'Edit a secret''s value in $VISUAL or $EDITOR (default vi)'
            cand agent 'Start, stop or ask the agent that holds unlocked identities'
            cand unlock 'Unlock the identities once, for the agent to hold (starts it if needed)'
            cand lock 'Make the agent forget every identity and file key it holds now'
            cand remote 'Add, list or remove the remotes that sync, push and pull use'
            cand sync 'Sync secrets with a remote both ways'
            cand push 'Send this vault''s changes to a remote (the remote keeps its own)'
            cand pull 'Bring a remote''s changes into this vault (local changes stay here)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'arca;help;init'= {
        }
        &'arca;help;create'= {
        }
        &'arca;help;get'= {
        }
        &'arca;help;put'= {
        }
        &'arca;help;versions'= {
        }
        &'arca;help;stage'= {
        }
        &'arca;help;update'= {
        }
        &'arca;help;describe'= {
        }
        &'arca;help;list'= {
        }
        &'arca;help;tag'= {
        }
        &'arca;help;untag'= {
        }
        &'arca;help;delete'= {
        }
        &'arca;help;restore'= {
        }
        &'arca;help;batch-get'= {
        }
        &'arca;help;rotate'= {
        }
        &'arca;help;cancel-rotation'= {
        }
        &'arca;help;recipients'= {
            cand list 'Print the vault''s recipients and their labels'
            cand add 'Add recipients and re-encrypt the vault to them'
            cand remove 'Remove recipients (by key or label) and re-encrypt the vault without them'
        }
        &'arca;help;recipients;list'= {
        }
        &'arca;help;recipients;add'= {
        }
        &'arca;help;recipients;remove'= {
        }
        &'arca;help;random-password'= {
        }
        &'arca;help;exec'= {
        }
        &'arca;help;serve'= {
        }
        &'arca;help;env'= {
        }
        &'arca;help;completions'= {
        }
        &'arca;help;import'= {
        }
        &'arca;help;create-secret'= {
        }
        &'arca;help;get-secret-value'= {
        }
        &'arca;help;batch-get-secret-value'= {
        }
        &'arca;help;put-secret-value'= {
        }
        &'arca;help;update-secret'= {
        }
        &'arca;help;describe-secret'= {
        }
        &'arca;help;list-secrets'= {
        }
        &'arca;help;list-secret-version-ids'= {
        }
        &'arca;help;update-secret-version-stage'= {
        }
        &'arca;help;tag-resource'= {
        }
        &'arca;help;untag-resource'= {
        }
        &'arca;help;delete-secret'= {
        }
        &'arca;help;restore-secret'= {
        }
        &'arca;help;rotate-secret'= {
        }
        &'arca;help;cancel-rotate-secret'= {
        }
        &'arca;help;get-random-password'= {
        }
        &'arca;help;export'= {
        }
        &'arca;help;git'= {
            cand setup 'Configure this repository and clone for the vault (idempotent)'
            cand textconv 'Print a vault as text for git diff: never a value, never a prompt'
            cand merge-driver 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)'
        }
        &'arca;help;git;setup'= {
        }
        &'arca;help;git;textconv'= {
        }
        &'arca;help;git;merge-driver'= {
        }
        &'arca;help;conflicts'= {
            cand resolve 'Settle recorded conflicts: ours, theirs, the newest, or a version'
        }
        &'arca;help;conflicts;resolve'= {
        }
        &'arca;help;scan'= {
        }
        &'arca;help;inject'= {
        }
        &'arca;help;edit'= {
        }
        &'arca;help;agent'= {
            cand start 'Start the agent (in the background unless --foreground)'
            cand stop 'Stop the agent; its memory is wiped'
            cand status 'Show whether the agent is unlocked, what it holds and when it locks'
        }
        &'arca;help;agent;start'= {
        }
        &'arca;help;agent;stop'= {
        }
        &'arca;help;agent;status'= {
        }
        &'arca;help;unlock'= {
        }
        &'arca;help;lock'= {
        }
        &'arca;help;remote'= {
            cand add 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`'
            cand list 'List the remotes'
            cand remove 'Remove a remote from the config (nothing is deleted anywhere)'
        }
        &'arca;help;remote;add'= {
        }
        &'arca;help;remote;list'= {
        }
        &'arca;help;remote;remove'= {
        }
        &'arca;help;sync'= {
        }
        &'arca;help;push'= {
        }
        &'arca;help;pull'= {
        }
        &'arca;help;help'= {
        }
    ]
    $completions[$command]
}
