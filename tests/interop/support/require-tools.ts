/**
 * What an interop suite does when a peer tool is missing. On a developer's machine it skips with
 * the reason (not everyone has libqmi installed); with `CI=true` it fails, because a CI run that
 * silently skipped the real peers would report green having tested nothing against them.
 */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

/** True when `CI` says this is a CI run (`true`, `1`, any value but empty, `0` and `false`). */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/**
 * Passes `unavailable` (why the suite cannot run, or null) through, throwing on CI when it is set.
 * Suites call it at module level, so the throw fails the suite file as a whole, visibly.
 */
export function requireOnCi(suite: string, unavailable: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  if (unavailable !== null && onCi(env)) {
    throw new MissingToolError(`${suite}: ${unavailable}. CI must install it (see .ci/run); a skipped peer is not a passed test.`);
  }
  return unavailable;
}
