/**
 * A signed-in person's personal API tokens (docs/accounts.md, "API tokens"):
 * `/account/api-tokens` lists them with a form to make one; the made token is shown once, in the
 * answer to that form (the hub keeps only its digest, so it cannot be carried through a redirect
 * or shown again); `/account/api-tokens/:tokenId/revoke` asks before revoking. Personal pages:
 * rendered per request, never cached; every form carries the session's CSRF token.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { TokenScope } from "../../../accounts/actor.js";
import { NotFoundError } from "../../../errors.js";
import type { AppContext } from "../../context.js";
import {
  fieldErrorsOf,
  formFields,
  formPage,
  originOf,
  personal,
  type FieldErrors,
} from "../../forms.js";
import * as links from "../../links.js";
import { EXPIRY_ITEMS, expiryDays, SCOPE_WORDS, tokenRows } from "./api-tokens-model.js";

const breadcrumbs = [
  { text: "Home", href: "/" },
  { text: "Your account", href: links.account() },
];

const FIELDS = ["name", "scope", "expiresInDays"] as const;
type TokenForm = Record<(typeof FIELDS)[number], string>;
const EMPTY_FORM: TokenForm = { name: "", scope: "read", expiresInDays: "90" };

/** A token id from the address; anything else is a token that does not exist (404). */
function tokenIdOf(params: unknown): number {
  const raw = (params as { tokenId?: unknown }).tokenId;
  if (typeof raw !== "string" || !/^[1-9]\d{0,14}$/.test(raw))
    throw new NotFoundError("There is no such token.");
  return Number(raw);
}

export const apiTokenRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const listPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      form: TokenForm = EMPTY_FORM,
      errors: FieldErrors = {},
    ) => {
      const tokens = await ctx.apiTokens.list(request.actor);
      const notice = request.session.notice;
      if (notice) delete request.session.notice;
      return formPage(
        reply,
        "account/api-tokens.njk",
        {
          title: "API tokens",
          breadcrumbs,
          tokens: tokenRows(tokens),
          form,
          scopeItems: (Object.keys(SCOPE_WORDS) as TokenScope[]).map((scope) => ({
            value: scope,
            text: SCOPE_WORDS[scope],
            hint: {
              text:
                scope === "read"
                  ? "Reads what you may read. Refused anything that changes data."
                  : "Also does what you may change, such as uploading your organisation's data.",
            },
            checked: form.scope === scope,
          })),
          expiryItems: EXPIRY_ITEMS.map((item) => ({
            ...item,
            checked: form.expiresInDays === item.value,
          })),
          notice,
        },
        errors,
      );
    };

    app.get("/account/api-tokens", async (request, reply) => listPage(request, reply));

    app.post("/account/api-tokens", async (request, reply) => {
      const form = formFields(request.body, FIELDS);
      try {
        const { token, secret } = await ctx.apiTokens.create(
          request.actor,
          {
            name: form.name,
            scope: form.scope as TokenScope,
            expiresInDays: expiryDays(form.expiresInDays),
          },
          originOf(request),
        );
        // Shown once, in this answer: never stored, never redirected through the session.
        return personal(reply).render("account/api-token-created.njk", {
          title: "Your new API token",
          breadcrumbs,
          token: tokenRows([token])[0],
          readOnly: token.scope === "read",
          expires: token.expiresAt !== null,
          secret,
          apiExample: `${request.protocol}://${request.host}/api/v1/organisations`,
        });
      } catch (error) {
        const errors = fieldErrorsOf(error);
        if (!errors) throw error;
        return listPage(request, reply.code(400), form, errors);
      }
    });

    app.get("/account/api-tokens/:tokenId/revoke", async (request, reply) => {
      const token = await ctx.apiTokens.get(request.actor, tokenIdOf(request.params));
      return formPage(reply, "account/api-token-revoke.njk", {
        title: `Revoke the token “${token.name}”`,
        breadcrumbs: [...breadcrumbs, { text: "API tokens", href: links.account("api-tokens") }],
        token: tokenRows([token])[0],
      });
    });

    app.post("/account/api-tokens/:tokenId/revoke", async (request, reply) => {
      const token = await ctx.apiTokens.revoke(
        request.actor,
        tokenIdOf(request.params),
        originOf(request),
      );
      request.session.notice = `The token “${token.name}” has been revoked: it no longer works.`;
      return reply.redirect(links.account("api-tokens"), 303);
    });
  };
