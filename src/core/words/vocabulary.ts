import type { Effect } from '../model';

/**
 * The words a program without a pack is judged by. A subcommand, a script's name or a flag that
 * contains one of these words (split at `:`, `-`, `_`, `.`, `/` and camelCase) carries its effect.
 * Data, so that a word is added here with a corpus case, not in code.
 */
export const verbEffects: ReadonlyMap<string, Effect> = new Map<string, Effect>([
  ...words('destroy', `delete del destroy purge drop rm rb rmdir wipe reset flush flushall flushdb terminate uninstall teardown
    remove erase nuke truncate prune zero discard obliterate decommission deprovision unpublish yank shutdown poweroff halt reboot expunge forget
    clear down gc`),
  ...words('write', `deploy apply put set create update upgrade scale restart push migrate seed stop rollback release promote
    publish patch replace rename import upload sync restore revoke grant rotate redeploy provision attach detach resize
    failover evict drain cordon disable enable insert invalidate reindex rebuild reload alter activate deactivate suspend resume
    trigger archive roll unregister deregister submit dispatch add new renew resolve ack acknowledge snooze expire mute unmute copy cp
    mv move toggle power deliver launch supply revert`),
  ...words('read', `get list ls describe show status logs log help version info inspect view cat diff plan check validate
    lint whoami search explain preview template watch top tail print ping health doctor usage export dump pull download reveal decrypt
    fetch query`),
]);

/**
 * Changing verbs that, as the first word after the program, add to the project where it runs
 * (`shadcn add button`, `ng add @angular/material`, `hugo new site`) and, after a noun, make that
 * thing wherever the program acts (`amtool silence add`, `sentry-cli releases new`).
 */
export const verbsAfterANoun: ReadonlySet<string> = new Set(['add', 'new']);

/** What `run` after it sets going wherever the program acts: `prefect deployment run`, `airflow dags run`. */
export const runnableNouns: ReadonlySet<string> = new Set([
  'deployment', 'deployments', 'job', 'jobs', 'flow', 'flows', 'pipeline', 'pipelines', 'workflow', 'workflows', 'dag', 'dags',
  'task', 'tasks', 'workload', 'workloads', 'runbook', 'runbooks', 'playbook', 'playbooks',
]);

/** Flags named after a verb that set a mode, not an order: `uvicorn main:app --reload`. */
export const modeFlags: ReadonlySet<string> = new Set([
  'reload', 'hot-reload', 'live-reload', 'auto-reload', 'expose-gc', 'trace-gc',
  // `--set key=value` (helm, istioctl, terraform-style tools) sets a parameter of the command.
  'set', 'set-string', 'set-file', 'set-json', 'set-literal',
]);

/**
 * Flags that print secret values a command would otherwise hide: with a reading verb the output
 * is a credential (`auth0 apps show ID --reveal-secrets`, `--with-decryption`).
 */
export const revealingFlags: ReadonlySet<string> = new Set([
  'reveal', 'reveal-secrets', 'reveal-secret', 'show-secrets', 'show-secret', 'include-secrets', 'with-secrets', 'show-values',
  'show-value', 'show-passwords', 'show-password', 'show-sensitive', 'decrypt', 'with-decryption', 'unmask', 'plaintext',
  'unredacted', 'no-redact', 'raw-secrets',
]);

/**
 * Text programs' switches that decrypt: their output is the plaintext of a secret (`gpg --decrypt
 * secrets/prod.env.gpg`). openssl's `-d` also decodes base64, so it counts only beside a cipher.
 */
export const decryptingFlags: ReadonlyMap<string, readonly string[]> = new Map([['gpg', ['-d', '--decrypt']], ['openssl', ['-decrypt', '-d']]]);
export const opensslCipher = /^-?(?:aes|des|camellia|chacha20|bf|cast|seed|aria|sm4|rc[245]|id-aes)/i;

/**
 * Programs that only report what they would change unless a flag says to apply it: without it
 * they read. `octodns-sync` plans and needs `--doit`.
 */
export const applyOnlyWith: ReadonlyMap<string, string> = new Map([['octodns-sync', '--doit']]);

/**
 * Long options of programs Bulkhead does not know that take a value, so that the word after one
 * is not read as a subcommand (`sentry-cli releases --org acme delete 2.4.1`). Besides these, the
 * target flags below.
 */
export const genericValueFlags: ReadonlySet<string> = new Set([
  'org', 'organization', 'team', 'owner', 'region', 'zone', 'location', 'output', 'format', 'user', 'username', 'group', 'tenant',
  'subscription', 'role', 'id', 'ids', 'label', 'tag', 'file', 'filename', 'comment', 'message', 'duration', 'timeout',
]);

/** Destroying verbs that some CLIs and tools fuse with their object into one word: `cbt deletetable`, `removeinstance`, `bucketwipe`. */
export const fusedDestroyVerbs: readonly string[] = ['delete', 'destroy', 'purge', 'remove', 'wipe', 'erase', 'truncate', 'terminate', 'nuke', 'flush'];

function words(effect: Effect, list: string): [string, Effect][] {
  return list.split(/\s+/).filter(Boolean).map((w) => [w, effect]);
}

/** Flags that make any invocation a report of what would happen, not the change itself. */
export const readOnlyFlags: ReadonlySet<string> = new Set([
  '--help', '--version', '--dry-run', '--dryrun', '-dry-run', '--dry', '--what-if', '--whatif', '--noop', '--simulate', '--check', '-check',
  '--dump-sql',
]);

/**
 * Programs' own one-letter switches for "only show what would be done" (`make -n`, `rsync -avn`) or
 * "undo what was scheduled" (`shutdown -c`), also inside a cluster of one-letter options.
 */
export const programReadOnlySwitches: ReadonlyMap<string, string> = new Map([
  ['make', 'nq'], ['gmake', 'nq'], ['shutdown', 'ck'], ['just', 'n'], ['task', 'n'], ['go-task', 'n'], ['act', 'n'],
]);

/**
 * Flags whose value names where a command acts, whatever the program: the value is matched as
 * this target kind and as an environment name (`--profile prod`, `--context staging`).
 */
export const targetFlagKinds: ReadonlyMap<string, readonly string[]> = new Map([
  ...flagKinds(['env', 'environment', 'stage', 'tier', 'target', 'e', 'deployment-environment'], ['stage']),
  ...flagKinds(['profile'], ['aws-profile', 'stage']),
  ...flagKinds(['context', 'kube-context', 'kubecontext', 'cluster'], ['kube-context', 'stage']),
  ...flagKinds(['namespace', 'ns'], ['namespace', 'stage']),
  ...flagKinds(['project', 'project-id'], ['gcp-project', 'stage']),
  ...flagKinds(['app', 'application', 'service', 'site'], ['app', 'stage']),
  ...flagKinds(['workspace'], ['terraform-workspace', 'stage']),
  ...flagKinds(['stack'], ['pulumi-stack', 'stage']),
  ...flagKinds(['host', 'hostname', 'server', 'endpoint', 'url', 'addr', 'address', 'bootstrap-server', 'brokers', 'H'], ['host', 'url']),
  ...flagKinds(['bucket', 'database', 'db', 'resource', 'name'], ['resource']),
  ...flagKinds(['inventory', 'i', 'limit', 'l', 'config', 'c', 'scope', 's', 'repo', 'repository', 'r', 'vault', 'account'], ['path-words']),
]);

function flagKinds(names: readonly string[], kinds: readonly string[]): [string, readonly string[]][] {
  return names.map((n) => [n, kinds]);
}

/**
 * Flags whose value is the action itself (`--tool-name delete_database`, `--action purge`): MCP
 * clients, RPC and job runners name what they do there, and the value is judged like a subcommand.
 */
export const actionFlags: ReadonlySet<string> = new Set(['tool-name', 'tool', 'action', 'operation', 'op', 'method', 'task', 'job', 'procedure', 'function']);

/** Variables a line sets that name an environment for whatever it runs (`RAILS_ENV=production make …`). */
export const stageVariable = /(?:^|_)(?:ENV|ENVIRONMENT|STAGE|TIER)$/;

/**
 * Programs whose arguments are text, patterns or local files, never orders to a service: their
 * words say nothing (`echo destroy`, `grep -rn purge src/`). Secret files they read are still found.
 */
export const textPrograms: ReadonlySet<string> = new Set(`
  echo printf cat tac less more most head tail wc sort uniq cut tr grep egrep fgrep rg ag ack sed awk gawk mawk nawk jq yq xq
  gojq diff colordiff cmp comm paste join fold fmt column nl od hexdump xxd strings file stat ls tree exa eza lsd du df pwd cd
  pushd popd dirs basename dirname realpath readlink which whereis type hash man info tldr apropos whatis date cal sleep true
  false test [ [[ seq yes expr bc dc let read mkdir touch cp ln tar zip unzip gzip gunzip zcat xz unxz bzip2 bunzip2 zstd 7z
  md5sum sha1sum sha256sum sha512sum shasum cksum base64 base32 mktemp clear history alias unalias unset declare typeset local
  readonly set exit return shift trap wait jobs fg bg disown ps pgrep top htop btop uptime whoami id groups hostname uname locale
  tput stty printenv fd fdfind fzf bat glow delta column iconv dos2unix unix2dos split csplit numfmt tsort look rev shuf
  ssh-keygen ssh-add gpg openssl xdg-open open pbcopy pbpaste xclip xsel notify-send say lsof netstat ss ip ifconfig
  dig nslookup host whois ping traceroute mtr getent reset sync command
`.split(/\s+/).filter(Boolean));

/**
 * Programs that act on this machine only: package managers, build tools, compilers, linters, test
 * runners, editors and version managers. Their verbs change local state (`npm uninstall`, `brew
 * upgrade`), which is recoverable; only their publishing verbs reach a registry.
 */
export const localPrograms: ReadonlySet<string> = new Set(`
  npm pnpm yarn bun deno corepack pip pip3 pipx poetry uv conda mamba micromamba pdm hatch rye pixi apt apt-get aptitude dpkg
  yum dnf rpm zypper pacman apk brew port snap flatpak nix nix-env cargo rustup rustc go gofmt gem bundle bundler composer mvn
  mvnw gradle gradlew ant sbt lein mix rebar3 dotnet nuget swift cmake ninja meson bazel bazelisk buck buck2 pants please plz gcc g++ cc c++ clang
  clang++ tsc esbuild vite webpack rollup parcel turbo nx lerna jest vitest mocha ava tap playwright cypress pytest tox
  black ruff flake8 pylint mypy pyright eslint prettier stylelint biome rubocop golangci-lint shellcheck shfmt pre-commit husky
  lint-staged nvm fnm volta asdf mise pyenv rbenv nodenv jenv sdk direnv code code-insiders cursor codium vim vi nvim nano emacs
  subl hx micro tmux screen zellij jupyter storybook next nuxt astro remix svelte-kit expo react-native flutter dart elm ghc stack
  cabal opam dune zig odin crystal shards nim julia R update-alternatives update-ca-certificates update-grub
  update-initramfs update-desktop-database
`.split(/\s+/).filter(Boolean));

/** Options of package managers that take a value, so that `npm --prefix api run x` finds `run`. */
export const localValueFlags: ReadonlySet<string> = new Set(['--prefix', '-C', '--dir', '--cwd', '--workspace', '-w', '--filter', '-F']);

/**
 * Programs that act on this machine's disks, volumes and power: their name is their verb.
 * Through `ssh` they act on the remote host, and take its environment.
 */
export const machinePrograms: ReadonlyMap<string, string> = new Map([
  ...['shutdown', 'poweroff', 'halt', 'reboot'].map((p): [string, string] => [p, 'stops the machine and everything running on it']),
  ...['lvremove', 'vgremove', 'pvremove', 'lvreduce'].map((p): [string, string] => [p, 'removes LVM volumes and the data on them']),
  ['mdadm', 'changes software RAID arrays; removing or zeroing a member loses its data'],
  ['blkdiscard', 'discards every block of the device: the data is gone'],
  ['zpool', 'changes ZFS pools; destroying one loses every dataset in it'],
  ['zfs', 'changes ZFS datasets; destroying one loses its data and snapshots'],
  ['cryptsetup', 'changes encrypted volumes; erasing a header loses the data for good'],
  ['kubeadm', 'sets up or resets a Kubernetes node'],
]);

/**
 * Secret managers: what they read is a secret, of the environment their path, vault, config or
 * profile names (`vault kv get secret/production/db`, `op read op://Production/db/password`).
 */
export const secretManagers: ReadonlySet<string> = new Set([
  'vault', 'op', 'doppler', 'sops', 'infisical', 'chamber', 'bw', 'lpass', 'pass', 'gopass', 'keeper', 'akeyless', 'teller',
  'berglas', 'ansible-vault', 'age', 'secrethub', 'conjur', 'ejson', 'git-crypt', 'keybase', 'security',
]);

/** Nouns that make a reading subcommand a secret read: `glab variable get`, `acmectl secrets show`. */
export const secretNouns: ReadonlySet<string> = new Set([
  'secret', 'secrets', 'variable', 'variables', 'var', 'vars', 'credential', 'credentials', 'creds', 'password', 'passwords',
  'token', 'tokens', 'env', 'envs', 'key', 'keys', 'apikey', 'apikeys',
]);

/** Flags that carry code for a database or a shell: their text is classified as SQL. */
export const queryFlags: ReadonlySet<string> = new Set([
  '-e', '--execute', '-q', '--query', '-c', '--command', '--multiquery', '--sql', '--eval', '-f',
]);

/** Subcommands of local programs that reach a registry or a remote: judged like any other program's words. */
export const remoteVerbsOfLocalPrograms: ReadonlySet<string> = new Set([
  'publish', 'unpublish', 'deprecate', 'yank', 'owner', 'dist-tag', 'push', 'upload', 'release', 'deploy',
]);

/** Programs that run clusters and virtual machines on this machine: what they change, even a delete, stays here. */
export const localMachineTools: ReadonlySet<string> = new Set(['k3d', 'kind', 'minikube', 'microk8s', 'colima', 'limactl', 'multipass', 'vagrant', 'orb', 'orbctl']);

/** Flags that, set to `local` (`local[4]` for Spark), run the program on this machine. */
export const localModeFlags: ReadonlySet<string> = new Set(['--master', '--deploy-mode', '--mode', '--target', '--runner', '--executor', '--env', '--environment', '--stage']);

/** Build tools whose tasks and goals are named by the project: what a goal's words say it does beyond the build counts. */
export const buildTools: ReadonlySet<string> = new Set([
  'mvn', 'mvnw', 'gradle', 'gradlew', 'ant', 'sbt', 'lein', 'mix', 'rebar3', 'dotnet', 'cargo', 'makers', 'bazel', 'bazelisk', 'buck',
  'swift', 'stack', 'cabal', 'dune', 'zig', 'pants', 'buck2', 'please', 'plz',
]);

/** Verbs that ship or migrate (`deploy`, `publish`, `migrate`): from a build tool they change something elsewhere. */
export const shippingVerbs: ReadonlySet<string> = new Set(['deploy', 'publish', 'release', 'push', 'upload', 'migrate', 'rollback', 'downgrade', 'submit', 'promote', 'rollout']);

/** Words that say a goal is about a database: a change said of one (`database update`, `schema:update`) is a change to it. */
export const databaseNouns: ReadonlySet<string> = new Set(['db', 'database', 'databases', 'schema', 'flyway', 'liquibase', 'ecto', 'migrations']);

/** Build tools that take a list of goals (`mvn clean deploy`), each of which counts, instead of one sub-command. */
export const goalListTools: ReadonlySet<string> = new Set(['mvn', 'mvnw', 'gradle', 'gradlew', 'sbt', 'ant', 'makers', 'lein']);

/** Tools a build goal runs (`sbt flywayMigrate`, `mvn liquibase:update`), whose own variables (`FLYWAY_URL`) then configure it. */
export const goalTools: ReadonlySet<string> = new Set(['flyway', 'liquibase']);

/** A build tool's own sub-commands for building, testing and managing dependencies, which change only the build. */
export const localGoalVerbs: ReadonlySet<string> = new Set([
  'remove', 'rm', 'uninstall', 'update', 'upgrade', 'add', 'install', 'clean', 'clear', 'build', 'test', 'check', 'compile', 'fmt', 'format',
  'lint', 'clippy', 'doc', 'docs', 'bench', 'coverage', 'query', 'cquery', 'aquery', 'info', 'fetch', 'sync', 'vendor', 'tree',
]);

/** Subcommands of package managers and task runners that run a named script: the script's name is judged by its words. */
export const scriptRunVerbs: ReadonlySet<string> = new Set(['run', 'run-script', 'rs']);

/** Shells and interpreters: what they run is read by the unwrapper and the interpreter scanner; a script file they run is judged by its name. */
export const shellPrograms: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'fish']);
export const interpreters: ReadonlySet<string> = new Set([
  'python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'ruby', 'perl', 'php', 'deno', 'lua', 'luajit', 'tsx', 'ts-node', 'Rscript', 'osascript',
]);

/**
 * Libraries that talk to infrastructure: code that loads one and calls a destroying name
 * (`DeleteBucketCommand`, `.flushall()`, `drop_database`) acts on whatever its literals name.
 * Prefixes: `@aws-sdk/` covers every client of the v3 SDK, `Aws\` every class of the PHP SDK.
 */
export const infrastructureModules: readonly string[] = `
  boto3 botocore aiobotocore google.cloud googleapiclient azure psycopg2 psycopg asyncpg pymysql MySQLdb mysql sqlalchemy
  pymongo motor redis elasticsearch opensearchpy kafka confluent_kafka pika stripe hvac kubernetes paramiko fabric docker
  cassandra clickhouse_driver clickhouse_connect snowflake supabase firebase_admin pinecone digitalocean linode hcloud
  @aws-sdk/ aws-sdk @google-cloud/ googleapis @azure/ pg mysql2 mongodb mongoose ioredis kafkajs amqplib
  @kubernetes/client-node firebase-admin @supabase/supabase-js @planetscale/database @neondatabase/serverless @upstash/
  @vercel/ cloudflare @octokit/ octokit knex sequelize @prisma/client typeorm drizzle-orm @libsql/client ssh2
  huggingface_hub @huggingface/hub wandb mlflow
  google/cloud net/ssh mongo sequel active_record kubeclient aws-sdk-
  DBI Net::SSH Paws MongoDB PDO mysqli Redis Aws\\ Google\\Cloud\\ MicrosoftAzure\\ Predis\\ MongoDB\\
`.split(/\s+/).filter(Boolean);

/** Task runners: the target names what they do (`make destroy-production`, `just nuke prod`). */
export const taskRunners: ReadonlySet<string> = new Set(['make', 'gmake', 'just', 'task', 'go-task', 'invoke', 'inv', 'mage', 'fab', 'nox', 'cake', 'grunt', 'gulp',
  'vstask', 'vtr', 'vscode-task-runner', 'gitlab-ci-local']);

/** Script files, judged by their name when their body is not read: `./scripts/wipe-staging.sh`. */
export const scriptExtension = /\.(?:sh|bash|zsh|py|rb|js|mjs|cjs|ts|pl|php|ps1)$/;

/**
 * Programs whose output is shell code that sets up the shell (variables, functions, completions),
 * for `eval "$(…)"`: each with the first words that make it print that, or none when any does.
 */
export const shellSetupPrinters: ReadonlyMap<string, readonly string[]> = new Map([
  ['ssh-agent', ['-s', '-c', '']], ['keychain', ['--eval']], ['brew', ['shellenv']], ['direnv', ['hook', 'export']],
  ['pyenv', ['init', 'virtualenv-init']], ['rbenv', ['init']], ['nodenv', ['init']], ['goenv', ['init']], ['jenv', ['init']],
  ['starship', ['init']], ['zoxide', ['init']], ['fnm', ['env']], ['mise', ['activate', 'env']], ['rtx', ['activate']],
  ['conda', ['shell.bash', 'shell.zsh']], ['thefuck', ['--alias']], ['dircolors', []], ['opam', ['env']], ['luarocks', ['path']],
  ['kubectl', ['completion']], ['helm', ['completion']], ['gh', ['completion']], ['npm', ['completion']], ['rustup', ['completions']],
  ['atuin', ['init']], ['fzf', ['--bash', '--zsh']], ['devbox', ['shellenv', 'global']], ['nix', ['print-dev-env']],
]);
