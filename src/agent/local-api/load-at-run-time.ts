/**
 * Imports a package from node_modules when first needed, out of reach of the bundler: the
 * specifier is a variable, so esbuild leaves the import to Node instead of copying the package
 * into dist/agent.mjs.
 *
 * Why: the headless agent has a 60 MB resident-memory budget, and Node keeps a bundle's source
 * in memory for the life of the process. Fastify and its plugins are ~2 MB of source; bundled,
 * they made the idle agent ~9 MB larger (median RSS 65.9 MB against 56.9 MB, 1 s cycles)
 * whether or not anyone ever opens the dashboard. Loaded here, they cost nothing until the
 * first request, and only on machines where someone looks.
 */
export async function loadAtRunTime<T>(specifier: string): Promise<T> {
  return (await import(specifier)) as T;
}
