/** The two emails a sign-up sends: plain text first (every client reads it), the same in simple HTML. */
import type { EmailMessage } from '@voxanne/connector-kit';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function verificationEmail(to: string, baseUrl: string, token: string, name: string): EmailMessage {
  const link = `${baseUrl}/signup/verify?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Verify your email to finish signing up for Voxanne',
    text: `Hi ${name},\n\nOpen this link to verify your email and create your Voxanne account:\n\n${link}\n\nThe link works once and expires in 24 hours. If you did not sign up, ignore this email.\n`,
    html: `<p>Hi ${esc(name)},</p><p><a href="${esc(link)}">Verify your email and create your Voxanne account</a></p><p>The link works once and expires in 24 hours. If you did not sign up, ignore this email.</p>`,
  };
}

export function existingAccountEmail(to: string, baseUrl: string): EmailMessage {
  const link = `${baseUrl}/signin`;
  return {
    to,
    subject: 'Someone tried to sign up for Voxanne with your email',
    text: `Someone tried to create a Voxanne account with this address, which already has one. If it was you, sign in instead:\n\n${link}\n\nIf it was not you, you can ignore this email; nothing was changed.\n`,
    html: `<p>Someone tried to create a Voxanne account with this address, which already has one. If it was you, <a href="${esc(link)}">sign in</a> instead.</p><p>If it was not you, you can ignore this email; nothing was changed.</p>`,
  };
}
