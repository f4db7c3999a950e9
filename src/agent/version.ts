import packageJson from '../../package.json' with { type: 'json' };

/** The agent's version, as released: the repository's package version. */
export const AGENT_VERSION: string = packageJson.version;
