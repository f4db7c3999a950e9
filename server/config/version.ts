import packageJson from '../../package.json' with { type: 'json' };

/** The server's version, as released: the repository's package version. */
export const SERVER_VERSION: string = packageJson.version;
