/** Folders the credential scan does not walk: git's own objects, and installed dependencies (their tokens are not the workspace's). */
export const skippedDirectoryNames: readonly string[] = ['.git', 'node_modules'];
