/** `improve peer-groups list|create|delete`: user-defined peer groups ("my own list"). */
import {
  createCustomPeerGroup,
  deleteCustomPeerGroup,
  listPeerGroups,
} from "../../storage/repositories/peer-groups.js";
import { parseFormat, renderRows } from "../format.js";
import type { RegisterCommand } from "../context.js";

export const register: RegisterCommand = (program, ctx) => {
  const groups = program
    .command("peer-groups")
    .description("Peer groups: the predefined ones and your own lists");

  groups
    .command("list")
    .description("List every peer group (use its id with --peers)")
    .option("--format <format>", "table, json or csv", "table")
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const { db } = await ctx.database();
      const rows = (await listPeerGroups(db)).map((g) => ({
        peer_group_id: g.peerGroupId,
        name: g.name,
        kind: g.kind,
        members: g.members,
      }));
      ctx.io.out(renderRows(rows, format, ["peer_group_id", "name", "kind", "members"]));
    });

  groups
    .command("create")
    .description("Create your own peer group from a list of organisation codes")
    .requiredOption("--name <name>", "a name people will recognise")
    .requiredOption("--orgs <codes>", "organisation codes separated by commas, e.g. RR8,RAE,RXF")
    .option("--id <id>", "the id to use with --peers (default: from the name)")
    .action(async (opts: { name: string; orgs: string; id?: string }) => {
      const { db } = await ctx.database();
      const group = await createCustomPeerGroup(db, {
        name: opts.name,
        orgCodes: opts.orgs.split(/[\s,]+/),
        ...(opts.id ? { peerGroupId: opts.id } : {}),
      });
      ctx.io.out(
        `Created peer group ${group.peerGroupId} (${group.orgCodes.length} organisations). Use it with --peers ${group.peerGroupId}, or choose it on any organisation page.\n`,
      );
    });

  groups
    .command("delete")
    .description("Delete one of your own peer groups")
    .argument("<id>", "the peer group id")
    .action(async (id: string) => {
      const { db } = await ctx.database();
      await deleteCustomPeerGroup(db, id);
      ctx.io.out(`Deleted peer group ${id}.\n`);
    });
};
