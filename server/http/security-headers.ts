import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The pages are a Vite + Preact build served from this origin: scripts, styles, fonts and API
 * calls all come from 'self', and no script runs inline. Style attributes are allowed
 * (chart.js and positioned rows set them); <style> elements are not.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { isHttps: boolean },
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // Most installs are plain http on the office LAN: upgrading would break every request.
      directives: {
        ...CONTENT_SECURITY_POLICY,
        ...(options.isHttps ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS over plain http would be ignored at best; sent only when the public URL is https.
    strictTransportSecurity: options.isHttps ? { maxAge: 180 * 86_400 } : false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}
