// @ts-check
// The dependency arrows of docs/architecture.md, enforced so nobody has to remember them:
//   shared <- agent <- main;  shared <- renderer;  shared <- server.
// electron may only be imported by src/main and src/preload.

const electron = {
  regex: '^electron(/.*)?$',
  message: 'Only src/main and src/preload may import electron.',
};
const nodeBuiltins = {
  regex: '^node:',
  message: 'This layer runs without Node: no node: imports.',
};
/**
 * A relative import that climbs into one of the given top-level folders of src/
 * (or of the repository, for server and renderer).
 * @param {string} folders  regex alternation, e.g. 'agent|main'
 * @param {string} message
 */
const into = (folders, message) => ({ regex: `^(\\.\\./)+(src/)?(${folders})(/|$)`, message });

/** @param {string[]} files @param {object[]} patterns */
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export const layerRules = [
  restrict(
    ['src/shared/**'],
    [
      electron,
      nodeBuiltins,
      into(
        'agent|main|preload|cli|server|renderer',
        'src/shared imports nothing from the other layers.',
      ),
    ],
  ),
  restrict(
    ['src/agent/**', 'src/cli/**'],
    [
      electron,
      into('main|preload', 'The agent core never depends on the Electron shell.'),
      into('server', 'The agent talks to the server over the protocol, not by import.'),
      into('renderer', 'The agent serves the renderer build; it does not import it.'),
    ],
  ),
  restrict(
    ['renderer/**'],
    [
      electron,
      nodeBuiltins,
      into('agent|main|preload|cli', 'The renderer talks to the agent over HTTP, not by import.'),
      into('server', 'The renderer talks to the server over HTTP, not by import.'),
    ],
  ),
  restrict(
    ['server/**'],
    [
      electron,
      into(
        'agent|main|preload|cli',
        'The server never imports the agent: share through src/shared.',
      ),
      into('renderer', 'The server serves the renderer build; it does not import it.'),
    ],
  ),
];
