/**
 * A browser in miniature over `app.inject`: keeps the cookies it is given, reads the CSRF token
 * from the form it is sent, and posts forms as a browser would (`application/x-www-form-urlencoded`).
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

let nextAddress = 1;

export interface WebClient {
  /** The cookies held now (name → value). */
  cookies: Map<string, string>;
  /** The `Cookie` header this client sends. */
  cookieHeader(): string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(
    url: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** GETs `pageUrl`, then posts its form's token with `fields` to `action` (default: the page). */
  submit(
    pageUrl: string,
    fields: Record<string, string>,
    action?: string,
  ): Promise<LightMyRequestResponse>;
}

/** The `_csrf` value of the (first) form in `html`. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF token on the page");
  return match[1];
}

/** `app`, as seen by one browser at its own network address (so rate limits per address differ). */
export function webClient(app: FastifyInstance, options: { ip?: string } = {}): WebClient {
  const ip = options.ip ?? `10.0.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
  const cookies = new Map<string, string>();
  const cookieHeader = () =>
    [...cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ");
  async function send(
    method: "GET" | "POST",
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ) {
    const res = await app.inject({
      method,
      url,
      remoteAddress: ip,
      headers: {
        ...(cookies.size > 0 ? { cookie: cookieHeader() } : {}),
        ...(payload === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload }),
    });
    for (const c of res.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now() - 86_400_000))
        cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    return res;
  }
  const client: WebClient = {
    cookies,
    cookieHeader,
    get: (url, headers = {}) => send("GET", url, undefined, headers),
    post: (url, fields, headers = {}) =>
      send("POST", url, new URLSearchParams(fields).toString(), headers),
    async submit(pageUrl, fields, action) {
      const page = await client.get(pageUrl);
      if (page.statusCode !== 200)
        throw new Error(`GET ${pageUrl}: ${page.statusCode} ${page.headers.location ?? ""}`);
      return client.post(action ?? pageUrl.split("?")[0]!, { _csrf: csrfOf(page.body), ...fields });
    },
  };
  return client;
}

/**
 * Requests to `app()` as the people whose session cookies `cookies` holds (name → `Cookie`
 * header): `get(url, who)` (anonymous without `who`), and `post(url, fields, who, from)`, which
 * first GETs `from` as `who` (it must answer 200) for its form's CSRF token.
 */
export function asPeople<Who extends string>(
  app: () => FastifyInstance,
  cookies: ReadonlyMap<Who, string>,
) {
  const get = (url: string, who?: Who) =>
    app().inject({ url, headers: who ? { cookie: cookies.get(who)! } : {} });
  async function post(url: string, fields: Record<string, string>, who: Who, from = url) {
    const page = await get(from, who);
    if (page.statusCode !== 200)
      throw new Error(`GET ${from} for ${who}: ${page.statusCode}, not 200`);
    return app().inject({
      method: "POST",
      url,
      headers: { cookie: cookies.get(who)!, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), ...fields }).toString(),
    });
  }
  return { get, post };
}
