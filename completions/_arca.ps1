
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'arca' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'arca'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'arca' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an identity (unless one exists) and an empty vault')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a secret whose first version is AWSCURRENT')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value, byte-exact')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a secret''s value, byte-exact')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Print a secret''s value, byte-exact')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Store a new version of a secret')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions with their staging labels')
            [CompletionResult]::new('stage', 'stage', [CompletionResultType]::ParameterValue, 'Move or remove a staging label')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a secret''s description and/or store a new value')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a secret''s metadata, versions, rotation and dates (never the value)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List secrets')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Add or overwrite tags')
            [CompletionResult]::new('untag', 'untag', [CompletionResultType]::ParameterValue, 'Remove tags by key')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Schedule a secret''s deletion, or delete it now')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Schedule a secret''s deletion, or delete it now')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Cancel a scheduled deletion')
            [CompletionResult]::new('batch-get', 'batch-get', [CompletionResultType]::ParameterValue, 'Print several values at once')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a secret now, configure its rotation, or rotate every due secret')
            [CompletionResult]::new('cancel-rotation', 'cancel-rotation', [CompletionResultType]::ParameterValue, 'Turn rotation off and drop an unfinished AWSPENDING version''s label')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'Show or change who can open the vault')
            [CompletionResult]::new('random-password', 'random-password', [CompletionResultType]::ParameterValue, 'Print a random password from the OS random generator')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with secrets as environment variables')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer Secrets Manager''s API from the vault, for AWS SDKs and the aws CLI')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets as shell, dotenv, JSON or GitHub Actions variables')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create or update many secrets in one transaction')
            [CompletionResult]::new('create-secret', 'create-secret', [CompletionResultType]::ParameterValue, 'Create a secret (AWS CreateSecret), with or without a first value')
            [CompletionResult]::new('get-secret-value', 'get-secret-value', [CompletionResultType]::ParameterValue, 'Print a value as AWS GetSecretValue''s response')
            [CompletionResult]::new('batch-get-secret-value', 'batch-get-secret-value', [CompletionResultType]::ParameterValue, 'Several values at once (AWS BatchGetSecretValue)')
            [CompletionResult]::new('put-secret-value', 'put-secret-value', [CompletionResultType]::ParameterValue, 'Store a new version (AWS PutSecretValue)')
            [CompletionResult]::new('update-secret', 'update-secret', [CompletionResultType]::ParameterValue, 'Change the description and/or store a new value (AWS UpdateSecret)')
            [CompletionResult]::new('describe-secret', 'describe-secret', [CompletionResultType]::ParameterValue, 'A secret''s metadata (AWS DescribeSecret)')
            [CompletionResult]::new('list-secrets', 'list-secrets', [CompletionResultType]::ParameterValue, 'List secrets (AWS ListSecrets), every page unless --max-results')
            [CompletionResult]::new('list-secret-version-ids', 'list-secret-version-ids', [CompletionResultType]::ParameterValue, 'A secret''s versions (AWS ListSecretVersionIds)')
            [CompletionResult]::new('update-secret-version-stage', 'update-secret-version-stage', [CompletionResultType]::ParameterValue, 'Move or remove a staging label (AWS UpdateSecretVersionStage)')
            [CompletionResult]::new('tag-resource', 'tag-resource', [CompletionResultType]::ParameterValue, 'Add or overwrite tags (AWS TagResource)')
            [CompletionResult]::new('untag-resource', 'untag-resource', [CompletionResultType]::ParameterValue, 'Remove tags (AWS UntagResource)')
            [CompletionResult]::new('delete-secret', 'delete-secret', [CompletionResultType]::ParameterValue, 'Schedule a deletion, or delete now (AWS DeleteSecret)')
            [CompletionResult]::new('restore-secret', 'restore-secret', [CompletionResultType]::ParameterValue, 'Cancel a scheduled deletion (AWS RestoreSecret)')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)')
            [CompletionResult]::new('cancel-rotate-secret', 'cancel-rotate-secret', [CompletionResultType]::ParameterValue, 'Turn rotation off (AWS CancelRotateSecret)')
            [CompletionResult]::new('get-random-password', 'get-random-password', [CompletionResultType]::ParameterValue, 'A random password (AWS GetRandomPassword)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the current values of all live secrets')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Keep the vault in git: diffs without values, a merge driver')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'List the merge conflicts recorded in the vault, or resolve them')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Look for the vault''s values in files, or in what is staged for commit')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template, replacing {{ arca:NAME }} references with values')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a secret''s value in $VISUAL or $EDITOR (default vi)')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Start, stop or ask the agent that holds unlocked identities')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the identities once, for the agent to hold (starts it if needed)')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Make the agent forget every identity and file key it holds now')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Add, list or remove the remotes that sync, push and pull use')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Sync secrets with a remote both ways')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send this vault''s changes to a remote (the remote keeps its own)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring a remote''s changes into this vault (local changes stay here)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;init' {
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Also encrypt the vault to this recipient (age1…, ssh-ed25519 …; repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Protect the new identity with a passphrase (asked twice)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;create' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the secret is for')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from a file (- for standard input)')
            [CompletionResult]::new('--binary-file', '--binary-file', [CompletionResultType]::ParameterName, 'Read a binary value (SecretBinary) from a file (- for standard input)')
            [CompletionResult]::new('--secret-string', '--secret-string', [CompletionResultType]::ParameterName, 'The value itself, for AWS parity; other processes can read argv, so avoid it')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Password length')
            [CompletionResult]::new('--exclude-characters', '--exclude-characters', [CompletionResultType]::ParameterName, 'Characters never to use')
            [CompletionResult]::new('--client-request-token', '--client-request-token', [CompletionResultType]::ParameterName, 'Version id of the first version (32–64 chars); repeating the same call is a no-op')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random password (takes the random-password flags)')
            [CompletionResult]::new('--exclude-numbers', '--exclude-numbers', [CompletionResultType]::ParameterName, 'No digits')
            [CompletionResult]::new('--exclude-punctuation', '--exclude-punctuation', [CompletionResultType]::ParameterName, 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)')
            [CompletionResult]::new('--exclude-uppercase', '--exclude-uppercase', [CompletionResultType]::ParameterName, 'No upper-case letters')
            [CompletionResult]::new('--exclude-lowercase', '--exclude-lowercase', [CompletionResultType]::ParameterName, 'No lower-case letters')
            [CompletionResult]::new('--include-space', '--include-space', [CompletionResultType]::ParameterName, 'Also use the space character')
            [CompletionResult]::new('--require-each-included-type', '--require-each-included-type', [CompletionResultType]::ParameterName, 'At least one character of each included type [default]')
            [CompletionResult]::new('--no-require-each-included-type', '--no-require-each-included-type', [CompletionResultType]::ParameterName, 'Characters of any included type, not necessarily each')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;get' {
            [CompletionResult]::new('--version-id', '--version-id', [CompletionResultType]::ParameterName, 'The version with this id')
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'The version with this staging label')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host')
            [CompletionResult]::new('--clip-seconds', '--clip-seconds', [CompletionResultType]::ParameterName, 'Seconds before the clipboard is cleared')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('--clip', '--clip', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;show' {
            [CompletionResult]::new('--version-id', '--version-id', [CompletionResultType]::ParameterName, 'The version with this id')
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'The version with this staging label')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host')
            [CompletionResult]::new('--clip-seconds', '--clip-seconds', [CompletionResultType]::ParameterName, 'Seconds before the clipboard is cleared')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('--clip', '--clip', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;cat' {
            [CompletionResult]::new('--version-id', '--version-id', [CompletionResultType]::ParameterName, 'The version with this id')
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'The version with this staging label')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print one field of a JSON value: a top-level key, or a JSON pointer like /db/host')
            [CompletionResult]::new('--clip-seconds', '--clip-seconds', [CompletionResultType]::ParameterName, 'Seconds before the clipboard is cleared')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('--clip', '--clip', [CompletionResultType]::ParameterName, 'Copy the value (or --field) to the clipboard instead of printing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;put' {
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'Staging label for the new version (repeatable) [default: AWSCURRENT]')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from a file (- for standard input)')
            [CompletionResult]::new('--binary-file', '--binary-file', [CompletionResultType]::ParameterName, 'Read a binary value (SecretBinary) from a file (- for standard input)')
            [CompletionResult]::new('--secret-string', '--secret-string', [CompletionResultType]::ParameterName, 'The value itself, for AWS parity; other processes can read argv, so avoid it')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Password length')
            [CompletionResult]::new('--exclude-characters', '--exclude-characters', [CompletionResultType]::ParameterName, 'Characters never to use')
            [CompletionResult]::new('--client-request-token', '--client-request-token', [CompletionResultType]::ParameterName, 'Version id of the new version (32–64 chars); repeating the same call is a no-op')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random password (takes the random-password flags)')
            [CompletionResult]::new('--exclude-numbers', '--exclude-numbers', [CompletionResultType]::ParameterName, 'No digits')
            [CompletionResult]::new('--exclude-punctuation', '--exclude-punctuation', [CompletionResultType]::ParameterName, 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)')
            [CompletionResult]::new('--exclude-uppercase', '--exclude-uppercase', [CompletionResultType]::ParameterName, 'No upper-case letters')
            [CompletionResult]::new('--exclude-lowercase', '--exclude-lowercase', [CompletionResultType]::ParameterName, 'No lower-case letters')
            [CompletionResult]::new('--include-space', '--include-space', [CompletionResultType]::ParameterName, 'Also use the space character')
            [CompletionResult]::new('--require-each-included-type', '--require-each-included-type', [CompletionResultType]::ParameterName, 'At least one character of each included type [default]')
            [CompletionResult]::new('--no-require-each-included-type', '--no-require-each-included-type', [CompletionResultType]::ParameterName, 'Characters of any included type, not necessarily each')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;versions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--include-deprecated', '--include-deprecated', [CompletionResultType]::ParameterName, 'Also list versions without a staging label')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;stage' {
            [CompletionResult]::new('--move-to', '--move-to', [CompletionResultType]::ParameterName, 'Put the label on this version')
            [CompletionResult]::new('--remove-from', '--remove-from', [CompletionResultType]::ParameterName, 'Take the label off this version')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;update' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'New description')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from a file (- for standard input)')
            [CompletionResult]::new('--binary-file', '--binary-file', [CompletionResultType]::ParameterName, 'Read a binary value (SecretBinary) from a file (- for standard input)')
            [CompletionResult]::new('--secret-string', '--secret-string', [CompletionResultType]::ParameterName, 'The value itself, for AWS parity; other processes can read argv, so avoid it')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Password length')
            [CompletionResult]::new('--exclude-characters', '--exclude-characters', [CompletionResultType]::ParameterName, 'Characters never to use')
            [CompletionResult]::new('--client-request-token', '--client-request-token', [CompletionResultType]::ParameterName, 'Version id of the new version (32–64 chars); repeating the same call is a no-op')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random password (takes the random-password flags)')
            [CompletionResult]::new('--exclude-numbers', '--exclude-numbers', [CompletionResultType]::ParameterName, 'No digits')
            [CompletionResult]::new('--exclude-punctuation', '--exclude-punctuation', [CompletionResultType]::ParameterName, 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)')
            [CompletionResult]::new('--exclude-uppercase', '--exclude-uppercase', [CompletionResultType]::ParameterName, 'No upper-case letters')
            [CompletionResult]::new('--exclude-lowercase', '--exclude-lowercase', [CompletionResultType]::ParameterName, 'No lower-case letters')
            [CompletionResult]::new('--include-space', '--include-space', [CompletionResultType]::ParameterName, 'Also use the space character')
            [CompletionResult]::new('--require-each-included-type', '--require-each-included-type', [CompletionResultType]::ParameterName, 'At least one character of each included type [default]')
            [CompletionResult]::new('--no-require-each-included-type', '--no-require-each-included-type', [CompletionResultType]::ParameterName, 'Characters of any included type, not necessarily each')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;describe' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by name')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--include-planned-deletion', '--include-planned-deletion', [CompletionResultType]::ParameterName, 'Also list secrets scheduled for deletion')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;ls' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'KEY=VALUE with KEY name, description, tag-key, tag-value or all (repeatable)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order by name')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--include-planned-deletion', '--include-planned-deletion', [CompletionResultType]::ParameterName, 'Also list secrets scheduled for deletion')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;tag' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;untag' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;delete' {
            [CompletionResult]::new('--recovery-window-days', '--recovery-window-days', [CompletionResultType]::ParameterName, 'Days until the secret is gone for good')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--force-delete-without-recovery', '--force-delete-without-recovery', [CompletionResultType]::ParameterName, 'Delete now, with no way back (succeeds when the secret does not exist)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;rm' {
            [CompletionResult]::new('--recovery-window-days', '--recovery-window-days', [CompletionResultType]::ParameterName, 'Days until the secret is gone for good')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--force-delete-without-recovery', '--force-delete-without-recovery', [CompletionResultType]::ParameterName, 'Delete now, with no way back (succeeds when the secret does not exist)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;restore' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;batch-get' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Select by filter instead, as in list (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;rotate' {
            [CompletionResult]::new('--hook', '--hook', [CompletionResultType]::ParameterName, 'The hook (from the config file) that carries out the steps')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'Rotate every N days (1–1000), e.g. 30d')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, '''rate(N days|hours)'' or AWS''s six-field ''cron(…)'', in UTC')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How long after a scheduled start the rotation may run (1h–24h)')
            [CompletionResult]::new('--client-request-token', '--client-request-token', [CompletionResultType]::ParameterName, 'Version id for the pending version (32–64 chars)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Rotate every secret whose next rotation date has passed')
            [CompletionResult]::new('--no-rotate-immediately', '--no-rotate-immediately', [CompletionResultType]::ParameterName, 'Only configure; the next rotation counts from now')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;cancel-rotation' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the vault''s recipients and their labels')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Print the vault''s recipients and their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients and re-encrypt the vault to them')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove recipients (by key or label) and re-encrypt the vault without them')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove recipients (by key or label) and re-encrypt the vault without them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;recipients;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients;add' {
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A name for the recipient (one KEY), unique in this vault, e.g. alice-laptop')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;recipients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the vault''s recipients and their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients and re-encrypt the vault to them')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove recipients (by key or label) and re-encrypt the vault without them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;recipients;help;list' {
            break
        }
        'arca;recipients;help;add' {
            break
        }
        'arca;recipients;help;remove' {
            break
        }
        'arca;recipients;help;help' {
            break
        }
        'arca;random-password' {
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Password length')
            [CompletionResult]::new('--exclude-characters', '--exclude-characters', [CompletionResultType]::ParameterName, 'Characters never to use')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--exclude-numbers', '--exclude-numbers', [CompletionResultType]::ParameterName, 'No digits')
            [CompletionResult]::new('--exclude-punctuation', '--exclude-punctuation', [CompletionResultType]::ParameterName, 'No punctuation (!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~)')
            [CompletionResult]::new('--exclude-uppercase', '--exclude-uppercase', [CompletionResultType]::ParameterName, 'No upper-case letters')
            [CompletionResult]::new('--exclude-lowercase', '--exclude-lowercase', [CompletionResultType]::ParameterName, 'No lower-case letters')
            [CompletionResult]::new('--include-space', '--include-space', [CompletionResultType]::ParameterName, 'Also use the space character')
            [CompletionResult]::new('--require-each-included-type', '--require-each-included-type', [CompletionResultType]::ParameterName, 'At least one character of each included type [default]')
            [CompletionResult]::new('--no-require-each-included-type', '--no-require-each-included-type', [CompletionResultType]::ParameterName, 'Characters of any included type, not necessarily each')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;exec' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Every secret under PREFIX, named from the rest of its name (repeatable)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only secrets matching KEY=VALUE, as in list (repeatable)')
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'Read the version with this staging label instead of AWSCURRENT')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Keep arca as the parent and replace every secret value (and its base64 form) in the command''s output with ***')
            [CompletionResult]::new('--aws', '--aws', [CompletionResultType]::ParameterName, 'Give the command its own Secrets Manager endpoint (arca serve on a random loopback port) and credentials, for AWS SDK code')
            [CompletionResult]::new('--no-inherit-env', '--no-inherit-env', [CompletionResultType]::ParameterName, 'Start the command with only the injected variables and PATH, HOME, USER, LANG, TERM')
            [CompletionResult]::new('--pass-key', '--pass-key', [CompletionResultType]::ParameterName, 'Pass ARCA_KEY on to the command (removed from its environment otherwise: it opens the whole vault)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (port 0: any free one)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'TLS certificate chain (PEM), required off loopback')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'TLS private key (PEM)')
            [CompletionResult]::new('--credentials-file', '--credentials-file', [CompletionResultType]::ParameterName, 'Keep the key pair in this AWS credentials file (mode 0600) instead of printing it')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--agent-protocol', '--agent-protocol', [CompletionResultType]::ParameterName, 'Also answer the Secrets Manager Agent''s GET /secretsmanager/get?secretId=ID')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;env' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'VAR gets the secret NAME (or one field of its JSON value) (repeatable)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables from a file of VAR=arca:NAME[@LABEL][#FIELD] and VAR=value lines (repeatable)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Every secret under PREFIX, named from the rest of its name (repeatable)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only secrets matching KEY=VALUE, as in list (repeatable)')
            [CompletionResult]::new('--version-stage', '--version-stage', [CompletionResultType]::ParameterName, 'Read the version with this staging label instead of AWSCURRENT')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the variables')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What the file holds')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Put this in front of every name (e.g. app/)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list what would change; write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;create-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;get-secret-value' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;batch-get-secret-value' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;put-secret-value' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;update-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;describe-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;list-secrets' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;list-secret-version-ids' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;update-secret-version-stage' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;tag-resource' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;untag-resource' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;delete-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;restore-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;rotate-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;cancel-rotate-secret' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;get-random-password' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (json keeps every name as it is)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only secrets whose name starts with PREFIX; dotenv keys leave it out')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;git' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure this repository and clone for the vault (idempotent)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as text for git diff: never a value, never a prompt')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;git;setup' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--pre-commit', '--pre-commit', [CompletionResultType]::ParameterName, 'Also install a pre-commit hook running ''arca scan --staged''')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;git;textconv' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;git;merge-driver' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;git;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure this repository and clone for the vault (idempotent)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as text for git diff: never a value, never a prompt')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;git;help;setup' {
            break
        }
        'arca;git;help;textconv' {
            break
        }
        'arca;git;help;merge-driver' {
            break
        }
        'arca;git;help;help' {
            break
        }
        'arca;conflicts' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle recorded conflicts: ours, theirs, the newest, or a version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;conflicts;resolve' {
            [CompletionResult]::new('--take', '--take', [CompletionResultType]::ParameterName, 'ours, theirs, newest (the provisional winner), or a VERSION_ID for a label')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Settle every recorded conflict')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;conflicts;help' {
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle recorded conflicts: ours, theirs, the newest, or a version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;conflicts;help;resolve' {
            break
        }
        'arca;conflicts;help;help' {
            break
        }
        'arca;scan' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the git index (what is about to be committed), not the files')
            [CompletionResult]::new('--all-history', '--all-history', [CompletionResultType]::ParameterName, 'Scan every blob of the repository''s history once')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;inject' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Template to read [default: standard input]')
            [CompletionResult]::new('--in-file', '--in-file', [CompletionResultType]::ParameterName, 'Template to read [default: standard input]')
            [CompletionResult]::new('--out-file', '--out-file', [CompletionResultType]::ParameterName, 'Write here (created with mode 0600) instead of standard output')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;edit' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;agent' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the agent (in the background unless --foreground)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the agent; its memory is wiped')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent is unlocked, what it holds and when it locks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;agent;start' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lock after this long without use (e.g. 30s, 15m, 1h)')
            [CompletionResult]::new('--max-ttl', '--max-ttl', [CompletionResultType]::ParameterName, 'Lock this long after unlocking, however much it is used')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--foreground', '--foreground', [CompletionResultType]::ParameterName, 'Stay in the foreground (for a systemd user unit or a terminal)')
            [CompletionResult]::new('--cache-vault', '--cache-vault', [CompletionResultType]::ParameterName, 'Also hold the decrypted vault, so that get answers from memory')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;agent;stop' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;agent;status' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;agent;help' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the agent (in the background unless --foreground)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the agent; its memory is wiped')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent is unlocked, what it holds and when it locks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;agent;help;start' {
            break
        }
        'arca;agent;help;stop' {
            break
        }
        'arca;agent;help;status' {
            break
        }
        'arca;agent;help;help' {
            break
        }
        'arca;unlock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remotes')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the remotes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote from the config (nothing is deleted anywhere)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a remote from the config (nothing is deleted anywhere)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;remote;add' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: the SDK''s chain: AWS_REGION, the profile)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile in ~/.aws/config')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Secrets Manager endpoint (e.g. a local test server)')
            [CompletionResult]::new('--kms-key-id', '--kms-key-id', [CompletionResultType]::ParameterName, 'KMS key for the secrets arca creates on AWS')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only secrets whose names start with this (same names on both sides)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only secrets matching KEY=VALUE, as list --filter (repeatable, all must match)')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Recipient of a replica file that does not exist yet (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;remote;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remotes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote from the config (nothing is deleted anywhere)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;remote;help;add' {
            break
        }
        'arca;remote;help;list' {
            break
        }
        'arca;remote;help;remove' {
            break
        }
        'arca;remote;help;help' {
            break
        }
        'arca;sync' {
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'Settle conflicts for this side instead of skipping the secret')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take over remote secrets that arca did not create (tags them)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;push' {
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'Settle conflicts for this side instead of skipping the secret')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take over remote secrets that arca did not create (tags them)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;pull' {
            [CompletionResult]::new('--prefer', '--prefer', [CompletionResultType]::ParameterName, 'Settle conflicts for this side instead of skipping the secret')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'Vault file to use')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Identity file to decrypt with (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (rotation hooks)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: text; table for list and versions on a terminal]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take over remote secrets that arca did not create (tags them)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Carry deletions over: a secret scheduled for deletion on one side is scheduled on the other (on AWS with a recovery window)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr which vault, identities and config are used, and timings')
            [CompletionResult]::new('--no-agent', '--no-agent', [CompletionResultType]::ParameterName, 'Read identity files directly, even if an agent is running')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'arca;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an identity (unless one exists) and an empty vault')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a secret whose first version is AWSCURRENT')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value, byte-exact')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Store a new version of a secret')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions with their staging labels')
            [CompletionResult]::new('stage', 'stage', [CompletionResultType]::ParameterValue, 'Move or remove a staging label')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a secret''s description and/or store a new value')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a secret''s metadata, versions, rotation and dates (never the value)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secrets')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Add or overwrite tags')
            [CompletionResult]::new('untag', 'untag', [CompletionResultType]::ParameterValue, 'Remove tags by key')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Schedule a secret''s deletion, or delete it now')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Cancel a scheduled deletion')
            [CompletionResult]::new('batch-get', 'batch-get', [CompletionResultType]::ParameterValue, 'Print several values at once')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Rotate a secret now, configure its rotation, or rotate every due secret')
            [CompletionResult]::new('cancel-rotation', 'cancel-rotation', [CompletionResultType]::ParameterValue, 'Turn rotation off and drop an unfinished AWSPENDING version''s label')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'Show or change who can open the vault')
            [CompletionResult]::new('random-password', 'random-password', [CompletionResultType]::ParameterValue, 'Print a random password from the OS random generator')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with secrets as environment variables')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer Secrets Manager''s API from the vault, for AWS SDKs and the aws CLI')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets as shell, dotenv, JSON or GitHub Actions variables')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create or update many secrets in one transaction')
            [CompletionResult]::new('create-secret', 'create-secret', [CompletionResultType]::ParameterValue, 'Create a secret (AWS CreateSecret), with or without a first value')
            [CompletionResult]::new('get-secret-value', 'get-secret-value', [CompletionResultType]::ParameterValue, 'Print a value as AWS GetSecretValue''s response')
            [CompletionResult]::new('batch-get-secret-value', 'batch-get-secret-value', [CompletionResultType]::ParameterValue, 'Several values at once (AWS BatchGetSecretValue)')
            [CompletionResult]::new('put-secret-value', 'put-secret-value', [CompletionResultType]::ParameterValue, 'Store a new version (AWS PutSecretValue)')
            [CompletionResult]::new('update-secret', 'update-secret', [CompletionResultType]::ParameterValue, 'Change the description and/or store a new value (AWS UpdateSecret)')
            [CompletionResult]::new('describe-secret', 'describe-secret', [CompletionResultType]::ParameterValue, 'A secret''s metadata (AWS DescribeSecret)')
            [CompletionResult]::new('list-secrets', 'list-secrets', [CompletionResultType]::ParameterValue, 'List secrets (AWS ListSecrets), every page unless --max-results')
            [CompletionResult]::new('list-secret-version-ids', 'list-secret-version-ids', [CompletionResultType]::ParameterValue, 'A secret''s versions (AWS ListSecretVersionIds)')
            [CompletionResult]::new('update-secret-version-stage', 'update-secret-version-stage', [CompletionResultType]::ParameterValue, 'Move or remove a staging label (AWS UpdateSecretVersionStage)')
            [CompletionResult]::new('tag-resource', 'tag-resource', [CompletionResultType]::ParameterValue, 'Add or overwrite tags (AWS TagResource)')
            [CompletionResult]::new('untag-resource', 'untag-resource', [CompletionResultType]::ParameterValue, 'Remove tags (AWS UntagResource)')
            [CompletionResult]::new('delete-secret', 'delete-secret', [CompletionResultType]::ParameterValue, 'Schedule a deletion, or delete now (AWS DeleteSecret)')
            [CompletionResult]::new('restore-secret', 'restore-secret', [CompletionResultType]::ParameterValue, 'Cancel a scheduled deletion (AWS RestoreSecret)')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Configure rotation and/or rotate now through a hook (AWS RotateSecret)')
            [CompletionResult]::new('cancel-rotate-secret', 'cancel-rotate-secret', [CompletionResultType]::ParameterValue, 'Turn rotation off (AWS CancelRotateSecret)')
            [CompletionResult]::new('get-random-password', 'get-random-password', [CompletionResultType]::ParameterValue, 'A random password (AWS GetRandomPassword)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the current values of all live secrets')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Keep the vault in git: diffs without values, a merge driver')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'List the merge conflicts recorded in the vault, or resolve them')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Look for the vault''s values in files, or in what is staged for commit')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template, replacing {{ arca:NAME }} references with values')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit a secret''s value in $VISUAL or $EDITOR (default vi)')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Start, stop or ask the agent that holds unlocked identities')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the identities once, for the agent to hold (starts it if needed)')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Make the agent forget every identity and file key it holds now')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Add, list or remove the remotes that sync, push and pull use')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Sync secrets with a remote both ways')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Send this vault''s changes to a remote (the remote keeps its own)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Bring a remote''s changes into this vault (local changes stay here)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'arca;help;init' {
            break
        }
        'arca;help;create' {
            break
        }
        'arca;help;get' {
            break
        }
        'arca;help;put' {
            break
        }
        'arca;help;versions' {
            break
        }
        'arca;help;stage' {
            break
        }
        'arca;help;update' {
            break
        }
        'arca;help;describe' {
            break
        }
        'arca;help;list' {
            break
        }
        'arca;help;tag' {
            break
        }
        'arca;help;untag' {
            break
        }
        'arca;help;delete' {
            break
        }
        'arca;help;restore' {
            break
        }
        'arca;help;batch-get' {
            break
        }
        'arca;help;rotate' {
            break
        }
        'arca;help;cancel-rotation' {
            break
        }
        'arca;help;recipients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the vault''s recipients and their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients and re-encrypt the vault to them')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove recipients (by key or label) and re-encrypt the vault without them')
            break
        }
        'arca;help;recipients;list' {
            break
        }
        'arca;help;recipients;add' {
            break
        }
        'arca;help;recipients;remove' {
            break
        }
        'arca;help;random-password' {
            break
        }
        'arca;help;exec' {
            break
        }
        'arca;help;serve' {
            break
        }
        'arca;help;env' {
            break
        }
        'arca;help;completions' {
            break
        }
        'arca;help;import' {
            break
        }
        'arca;help;create-secret' {
            break
        }
        'arca;help;get-secret-value' {
            break
        }
        'arca;help;batch-get-secret-value' {
            break
        }
        'arca;help;put-secret-value' {
            break
        }
        'arca;help;update-secret' {
            break
        }
        'arca;help;describe-secret' {
            break
        }
        'arca;help;list-secrets' {
            break
        }
        'arca;help;list-secret-version-ids' {
            break
        }
        'arca;help;update-secret-version-stage' {
            break
        }
        'arca;help;tag-resource' {
            break
        }
        'arca;help;untag-resource' {
            break
        }
        'arca;help;delete-secret' {
            break
        }
        'arca;help;restore-secret' {
            break
        }
        'arca;help;rotate-secret' {
            break
        }
        'arca;help;cancel-rotate-secret' {
            break
        }
        'arca;help;get-random-password' {
            break
        }
        'arca;help;export' {
            break
        }
        'arca;help;git' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure this repository and clone for the vault (idempotent)')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print a vault as text for git diff: never a value, never a prompt')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'Merge two versions of a vault (git''s merge driver: %O %A %B %P)')
            break
        }
        'arca;help;git;setup' {
            break
        }
        'arca;help;git;textconv' {
            break
        }
        'arca;help;git;merge-driver' {
            break
        }
        'arca;help;conflicts' {
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Settle recorded conflicts: ours, theirs, the newest, or a version')
            break
        }
        'arca;help;conflicts;resolve' {
            break
        }
        'arca;help;scan' {
            break
        }
        'arca;help;inject' {
            break
        }
        'arca;help;edit' {
            break
        }
        'arca;help;agent' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the agent (in the background unless --foreground)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the agent; its memory is wiped')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent is unlocked, what it holds and when it locks')
            break
        }
        'arca;help;agent;start' {
            break
        }
        'arca;help;agent;stop' {
            break
        }
        'arca;help;agent;status' {
            break
        }
        'arca;help;unlock' {
            break
        }
        'arca;help;lock' {
            break
        }
        'arca;help;remote' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a remote: `NAME aws [--region R …]` or `NAME vault PATH`')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remotes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a remote from the config (nothing is deleted anywhere)')
            break
        }
        'arca;help;remote;add' {
            break
        }
        'arca;help;remote;list' {
            break
        }
        'arca;help;remote;remove' {
            break
        }
        'arca;help;sync' {
            break
        }
        'arca;help;push' {
            break
        }
        'arca;help;pull' {
            break
        }
        'arca;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
