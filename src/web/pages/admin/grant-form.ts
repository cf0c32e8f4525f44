/** The role and scope pickers of the invitation and grant forms, shaped by what the actor may give. */
import type { GrantOption } from "../../../accounts/grant-options.js";
import { roleChoices } from "./present.js";

export interface GrantFormValues {
  role?: string;
  orgCode?: string;
  networkId?: string;
}

export function grantForm(
  options: GrantOption[],
  networks: readonly { networkId: string; name: string }[],
  values: GrantFormValues = {},
) {
  const roles = roleChoices(options);
  const orgOption = options.find(
    (o) => roles.find((r) => r.value === o.role)?.scopeKind === "organisation",
  );
  const netOption = options.find(
    (o) => roles.find((r) => r.value === o.role)?.scopeKind === "network",
  );
  const restrictedOrgs = orgOption?.scopeRefs ?? null;
  const allowedNetworks = netOption?.scopeRefs ?? null;
  return {
    values,
    roles,
    roleItems: [
      { value: "", text: "Choose a role" },
      ...roles.map(({ value, text }) => ({ value, text })),
    ],
    anyOrganisation: orgOption !== undefined && restrictedOrgs === null,
    orgItems:
      orgOption && restrictedOrgs
        ? [
            { value: "", text: "Not an organisation role" },
            ...restrictedOrgs.map((c) => ({ value: c, text: c })),
          ]
        : null,
    networkItems: netOption
      ? [
          { value: "", text: "Not a network role" },
          ...networks
            .filter((n) => allowedNetworks === null || allowedNetworks.includes(n.networkId))
            .map((n) => ({ value: n.networkId, text: n.name })),
        ]
      : null,
  };
}
