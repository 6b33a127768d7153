import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Sends over SMTP_URL with nodemailer; without it, mail is only logged, so nothing fails for want of a server. */
export function createMailer(smtpUrl: string | undefined, logger: Logger, from = 'Loupe <loupe@localhost>'): Mailer {
  if (!smtpUrl) {
    return {
      async send(mail) {
        logger.warn({ to: mail.to, subject: mail.subject }, 'no SMTP_URL set: notification not sent');
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
