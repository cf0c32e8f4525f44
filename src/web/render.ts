/**
 * Rendering pages. `reply.render(view, data)` renders a Nunjucks view with the locals every page
 * needs; `reply.renderCached(key, build)` also keeps the finished HTML for the current data
 * version, so a busy page costs one cache lookup per request (nothing in a page varies per
 * request: the CSP allows the template's inline script by hash, not by nonce).
 *
 * One thing in the header is a signed-in reader's own on every page, cached or not: how many of
 * their notifications are unread ("Notifications (3 unread)"). A cached page holds a slot where
 * the count goes; each request fills in its reader's (one indexed count), so everyone signed in
 * still shares one cached page. With nothing unread the page goes as cached, compressed once.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { FastifyInstance, FastifyReply } from "fastify";
import type nunjucks from "nunjucks";
import { acceptedEncoding } from "./compression.js";
import type { Actor } from "../accounts/actor.js";
import { grantOptions } from "../accounts/grant-options.js";
import { can } from "../accounts/policy.js";
import type { PageCache } from "./context.js";

export interface PageSpec {
  view: string;
  data: Record<string, unknown>;
}

declare module "fastify" {
  interface FastifyReply {
    render(view: string, data?: Record<string, unknown>): Promise<FastifyReply>;
    /**
     * Renders once per data version and `key` (which must identify everything the page shows).
     * `adHoc`: the page is about an ad hoc list of organisations (`?peers=orgs:…`), one of
     * countless combinations, kept in the cache's small bucket of such results.
     */
    renderCached(
      key: string,
      build: () => Promise<PageSpec>,
      options?: { adHoc?: boolean },
    ): Promise<FastifyReply>;
  }
}

export interface PageLocals {
  /** Path of the stylesheet with its content hash. */
  cssHref: string;
  /** Shows the "synthetic data" banner. */
  synthetic: () => Promise<boolean>;
}

/** Who the page is for, as the header shows it. */
export interface Viewer {
  signedIn: boolean;
  /** Their name in the header; null on pages cached for every signed-in person ("Your account"). */
  name: string | null;
  /**
   * Whether the header links to the administration pages: administrators, and the leads and
   * analysts who may invite colleagues (the overview then offers only that).
   */
  administers: boolean;
  /** Whether the header links to guide authoring (guide authors and national administrators). */
  authors: boolean;
  /**
   * What follows "Notifications" in the header: the unread count's words (`unreadWords`), or on
   * a cached page the slot each request fills in.
   */
  unread: string;
}

export const anonymousViewer: Viewer = {
  signedIn: false,
  name: null,
  administers: false,
  authors: false,
  unread: "",
};

/** Where a cached page's unread count goes (an HTML comment: nothing, should it ever show). */
export const UNREAD_SLOT = "<!--unread-->";

/**
 * " (3 unread)" after "Notifications", "unread" for screen readers only (the header has no room
 * for it); nothing when none are unread.
 */
export function unreadWords(count: number): string {
  return count > 0 ? ` (${count}<span class="nhsuk-u-visually-hidden"> unread</span>)` : "";
}

/**
 * The viewer of a request (`request.actor` is null outside the page routes: static files, 404s).
 * `unread`: the reader's unread count, or null on a page cached for everyone signed in (its
 * header then says "Your account", not their name, and holds the unread slot).
 */
export function viewerOf(actor: Actor | null | undefined, unread: number | null): Viewer {
  if (actor?.kind !== "user") return anonymousViewer;
  return {
    signedIn: true,
    name: unread === null ? null : actor.displayName,
    administers: grantOptions(actor).length > 0,
    authors: can(actor, "guides.author"),
    unread: unread === null ? UNREAD_SLOT : unreadWords(unread),
  };
}

/**
 * Which cached version of a page a viewer gets: `a` for readers not signed in, `u` for everyone
 * signed in, `x` for those whose header also links to administration, each with `t` added for
 * guide authors (their header links to the feedback triage). Five versions at most, so signing in
 * costs little more than reading anonymously.
 */
function variantOf(viewer: Viewer): string {
  if (!viewer.signedIn) return "a";
  // Guide authors' header also links to guide authoring: a variant of its own.
  return (viewer.administers ? "x" : "u") + (viewer.authors ? "g" : "");
}

export interface Renderer {
  html(view: string, data: Record<string, unknown>, path: string, viewer?: Viewer): Promise<string>;
}

export function createRenderer(env: nunjucks.Environment, locals: PageLocals): Renderer {
  return {
    async html(view, data, path, viewer = anonymousViewer) {
      const synthetic = await locals.synthetic();
      return env.render(view, {
        ...data,
        cssHref: locals.cssHref,
        synthetic,
        currentPath: path,
        viewer,
      });
    },
  };
}

const gzip = promisify(gzipCallback);

/** Smaller pages are sent as they are: compressing them saves less than its framing costs. */
const MIN_COMPRESSED = 1024;

/**
 * A finished page, encoded once: as is and gzipped, with an entity tag for conditional requests.
 * A page for signed-in readers is kept with its unread slot emptied, and where it was.
 */
interface CachedPage {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  /** Where in the body (in bytes) the unread slot was; null when the page has none. */
  slot: number | null;
}

/** How many of the reader's notifications are unread (0 for readers not signed in). */
export type UnreadCount = (actor: Actor) => Promise<number>;

export function registerRender(
  app: FastifyInstance,
  renderer: Renderer,
  cache: PageCache,
  unreadCount: UnreadCount,
): void {
  const pathOf = (reply: FastifyReply) => reply.request.url.split("?")[0] ?? "/";
  const unreadOf = (reply: FastifyReply) =>
    reply.request.actor?.kind === "user" ? unreadCount(reply.request.actor) : Promise.resolve(0);

  /** Sends HTML made for this request, compressed when it is worth it. */
  async function sendFresh(reply: FastifyReply, html: string | Buffer) {
    reply.type("text/html; charset=utf-8");
    // Compressed per request (gzip at level 6 costs about a millisecond for 100 KB, off the
    // main thread), as cached pages are once.
    if (html.length >= MIN_COMPRESSED && acceptedEncoding(reply, ["gzip"]))
      return reply.header("Content-Encoding", "gzip").send(await gzip(html, { level: 6 }));
    return reply.send(html);
  }

  app.decorateReply(
    "render",
    async function render(this: FastifyReply, view: string, data: Record<string, unknown> = {}) {
      const viewer = viewerOf(this.request.actor, await unreadOf(this));
      const html = await renderer.html(view, data, pathOf(this), viewer);
      // A page made for one person is kept by nobody else.
      if (viewer.signedIn) this.header("Cache-Control", "private, no-store");
      return sendFresh(this, html);
    },
  );
  app.decorateReply(
    "renderCached",
    async function renderCached(
      this: FastifyReply,
      key: string,
      build: () => Promise<PageSpec>,
      options: { adHoc?: boolean } = {},
    ) {
      const path = pathOf(this);
      // One version of each page per header (see variantOf); the signed-in header says "Your
      // account", not a name, and holds the unread slot, so that everyone signed in shares it.
      const viewer = viewerOf(this.request.actor, null);
      // Kept encoded and compressed: a large page (a metric page holds three charts and their
      // tables) is then sent without re-encoding or re-compressing it per request. Its size in
      // the cache's byte bound is what it holds: both encodings.
      const page = await cache.get<CachedPage>(
        `html:${variantOf(viewer)}:${path}:${key}`,
        async () => {
          const spec = await build();
          const html = await renderer.html(spec.view, spec.data, path, viewer);
          const at = html.indexOf(UNREAD_SLOT);
          const body = Buffer.from(at < 0 ? html : html.replace(UNREAD_SLOT, ""));
          const slot = at < 0 ? null : Buffer.byteLength(html.slice(0, at));
          const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
          return { body, gzipped: await gzip(body, { level: 6 }), etag, slot };
        },
        { adHoc: options.adHoc ?? false, size: (p) => p.body.length + p.gzipped.length + 256 },
      );
      this.header("Cache-Control", viewer.signedIn ? "private, no-cache" : "no-cache");
      this.header("Vary", "Cookie, Accept-Encoding");
      const count = viewer.signedIn ? await unreadOf(this) : 0;
      // The reader's unread count in its slot: the page's tag with the count, since the body
      // differs by it alone.
      const etag =
        count > 0 && page.slot !== null ? `${page.etag.slice(0, -1)}-${count}"` : page.etag;
      this.header("ETag", etag);
      if (this.request.headers["if-none-match"] === etag) return this.code(304).send();
      if (count > 0 && page.slot !== null) {
        const { body, slot } = page;
        const words = Buffer.from(unreadWords(count));
        return sendFresh(this, Buffer.concat([body.subarray(0, slot), words, body.subarray(slot)]));
      }
      this.type("text/html; charset=utf-8");
      if (acceptedEncoding(this, ["gzip"]))
        return this.header("Content-Encoding", "gzip").send(page.gzipped);
      return this.send(page.body);
    },
  );
}
