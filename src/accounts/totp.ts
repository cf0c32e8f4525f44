/**
 * The second factor: TOTP (RFC 6238; 30-second steps, 6 digits, SHA-1, as every authenticator
 * app expects) with otplib, a code accepted one step either side of now and never twice (the
 * last accepted step is kept), and its QR code as inline SVG.
 */
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

const PERIOD_SECONDS = 30;
const ISSUER = "Improvement Hub";

/** A new secret, Base32 (160 bits). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` address an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/** The secret in groups of four, for typing into an app. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/**
 * The time step `code` belongs to, if it is right for `secret` at `now` (one step either side)
 * and later than `lastStep`; else null.
 */
export async function acceptedStep(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const result = await verify({
      secret,
      token,
      epoch: Math.floor(now.getTime() / 1000),
      period: PERIOD_SECONDS,
      epochTolerance: PERIOD_SECONDS,
      ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** The QR code of `uri` as an SVG image with a text alternative, to inline in the page. */
export async function qrCodeSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return svg.replace(
    "<svg ",
    '<svg role="img" aria-label="QR code to scan with your authenticator app" width="200" height="200" ',
  );
}
