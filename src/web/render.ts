/** `reply.render(view, data)`: renders a Nunjucks view with the locals every page needs. */
import type { FastifyInstance, FastifyReply } from "fastify";
import type nunjucks from "nunjucks";

declare module "fastify" {
  interface FastifyReply {
    render(view: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export interface PageLocals {
  /** Path of the stylesheet with its content hash. */
  cssHref: string;
  /** Shows the "synthetic data" banner. */
  synthetic: () => Promise<boolean>;
}

export function registerRender(
  app: FastifyInstance,
  env: nunjucks.Environment,
  locals: PageLocals,
): void {
  app.decorateReply(
    "render",
    function render(this: FastifyReply, view: string, data: Record<string, unknown> = {}) {
      const request = this.request;
      const reply = this as FastifyReply;
      // Returning the promise lets Fastify await it; errors go to the error handler.
      void locals.synthetic().then(
        (synthetic) => {
          const html = env.render(view, {
            ...data,
            cspNonce: request.cspNonce,
            cssHref: locals.cssHref,
            synthetic,
            currentPath: request.url.split("?")[0],
          });
          reply.type("text/html; charset=utf-8").send(html);
        },
        (e: unknown) => reply.send(e),
      );
      return reply;
    },
  );
}
