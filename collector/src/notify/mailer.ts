import nodemailer from 'nodemailer';

export interface Mail {
  /** Every recipient, sent as Bcc: no recipient sees the others' addresses. */
  bcc: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  /** False without SMTP_URL: nothing can be sent, and callers say so instead of pretending. */
  readonly configured: boolean;
  send(mail: Mail): Promise<void>;
}

export const DEFAULT_FROM = 'Loupe <loupe@localhost>';

/**
 * Sends over SMTP_URL with nodemailer, from SMTP_FROM. Recipients go in Bcc, under a To line that
 * names none of them (`undisclosed-recipients:;`, RFC 5322's empty group): one tenant's Owner and
 * opted-in users are not told each other's addresses.
 */
export function createMailer(smtpUrl: string | undefined, from = DEFAULT_FROM): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      async send() {
        throw new Error('no SMTP_URL is set');
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({
        from,
        bcc: mail.bcc,
        subject: mail.subject,
        text: mail.text,
        headers: { To: 'undisclosed-recipients:;' },
      });
    },
  };
}
