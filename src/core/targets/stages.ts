/**
 * The words for deploy stages, in one place. An environment called `production` is also `prod`,
 * `prd` or `live` when a tool names it generically (`--stage prd`, a `live` git remote); which of
 * those words count depends on where the word stands.
 */

/** Each stage's common names, production first. */
export const stageAliases: readonly (readonly string[])[] = [
  ['production', 'prod', 'prd', 'live', 'main'],
  ['staging', 'stage', 'stg', 'preprod', 'pre-production', 'uat'],
  ['development', 'dev', 'local', 'test', 'testing'],
];

/**
 * Names that are a stage's when they stand as a whole name or a whole part of a file's name: a
 * project alias, a settings module (`settings.prod`), a config file (`fly.production.toml`). Not
 * `main`: the default branch is shared history, not an environment.
 */
export const stageNames: ReadonlySet<string> = new Set(stageAliases.flat().filter((word) => word !== 'main' && word !== 'pre-production'));

/**
 * The stages something is deployed to, as a whole name: a git remote or branch, an image tag, a
 * workflow. Not the development stage's words: `test`, `dev` or `local` there name a test suite, a
 * work branch or this machine as often as an environment, and would turn a push into local work.
 */
export const deployStageNames: ReadonlySet<string> = new Set([...stageAliases[0], ...stageAliases[1]].filter((word) => stageNames.has(word)));

/**
 * Words that say a stage as a whole token inside a longer name: `acme-prod-db`, `rg-orders-staging`,
 * `ApiStack-Prod`, `AdministratorAccess-dev`. `main`, `live`, `stage`, `test` and `local` are too
 * common inside ordinary names (`main.tfvars`, `PipelineStage`, `live-reload`) to be evidence.
 */
export const stageTokens: ReadonlySet<string> = new Set([
  'prod', 'production', 'prd', 'staging', 'stg', 'preprod', 'uat', 'qa', 'dev', 'development', 'sandbox',
]);

/**
 * The stage words strong enough to name an environment when they stand alone among the words of a
 * program Bulkhead has no pack for (`tool deploy prod`): the deploy stages, without `live`, which
 * is also an ordinary word.
 */
export const standaloneStageNames: ReadonlySet<string> = new Set([...deployStageNames].filter((word) => word !== 'live'));

const nameParts = /[._-]/;

/** `fly.production.toml`, `deploy/wrangler.staging.toml` → the stage the file is named after; `names` picks which words count. */
export function stageOfFileName(path: string, names: ReadonlySet<string> = stageNames): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.split(nameParts).find((part) => names.has(part));
}
