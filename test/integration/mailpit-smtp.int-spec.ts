import { createTransport, type Transporter } from 'nodemailer';
import { loadConfig, smtpConfigSchema, smtpTransportOptions, type SmtpConfig } from '@suivi/config';
import { headerValues, MailpitClient, readStackFile } from '@suivi/test-support';

/**
 * The stack's Mailpit is a real SMTP server: a message sent with nodemailer, configured from the
 * SMTP_* variables the launcher gives the apps (validated by libs/config as an app would), is
 * found through Mailpit's HTTP API with its subject, recipient and Message-ID.
 */
describe("the stack's SMTP server (Mailpit)", () => {
  const messageId = '<mailpit-smtp.int-spec.1@suivi.test>';
  const subject = "Rappel : point d'action AP1 à échéance le 15 janvier";
  const recipient = { name: 'Desk Officer KH', address: 'desk.officer.kh@example.org' };
  let config: SmtpConfig;
  let mailpit: MailpitClient;
  let transport: Transporter;

  beforeAll(async () => {
    config = loadConfig(smtpConfigSchema, process.env);
    mailpit = MailpitClient.fromEnv();
    transport = createTransport(smtpTransportOptions(config));
    // Fresh mailbox, so that "exactly one message" means exactly the one sent here.
    await mailpit.deleteAll();
  });

  afterAll(() => transport.close());

  it('is the SMTP server and API of the test profile stack file', () => {
    const stack = readStackFile('test');
    expect(config).toMatchObject({ SMTP_HOST: '127.0.0.1', SMTP_PORT: stack.ports.smtp, SMTP_SECURE: false });
    expect(stack.env.MAILPIT_API_URL).toBe(`http://127.0.0.1:${stack.ports.mailpitUi}`);
    expect(mailpit.baseUrl).toBe(stack.env.MAILPIT_API_URL);
  });

  it('receives a message over SMTP and finds exactly that message through its API', async () => {
    const sent = await transport.sendMail({
      from: config.MAIL_FROM,
      to: recipient,
      subject,
      messageId,
      text: 'Le point d’action AP1 du cycle KH-2026 arrive à échéance.',
      html: '<p>Le point d’action <strong>AP1</strong> du cycle KH-2026 arrive à échéance.</p>',
    });
    expect(sent.messageId).toBe(messageId);
    expect(sent.accepted).toEqual([recipient.address]);

    const found = await mailpit.waitForMessageId(messageId);
    expect(found).toMatchObject({
      MessageID: 'mailpit-smtp.int-spec.1@suivi.test',
      Subject: subject,
      To: [{ Name: recipient.name, Address: recipient.address }],
      From: { Name: 'Suivi', Address: 'suivi@example.org' },
    });
    expect((await mailpit.listMessages()).map((m) => [m.ID, m.MessageID])).toEqual([[found.ID, found.MessageID]]);

    const message = await mailpit.getMessage(found.ID);
    expect(message.Subject).toBe(subject);
    expect(message.Text.trim()).toBe('Le point d’action AP1 du cycle KH-2026 arrive à échéance.');
    expect(message.HTML).toContain('<strong>AP1</strong>');

    const headers = await mailpit.getHeaders(found.ID);
    expect(headerValues(headers, 'Message-ID')).toEqual([messageId]);
    expect(headerValues(headers, 'To')).toEqual([`${recipient.name} <${recipient.address}>`]);
  });

  it('accepts credentials too, as the production relay needs them (Mailpit accepts any)', async () => {
    const withAuth = createTransport(
      smtpTransportOptions(loadConfig(smtpConfigSchema, { ...process.env, SMTP_USER: 'notifier', SMTP_PASSWORD: 'x' })),
    );
    try {
      await withAuth.sendMail({
        from: config.MAIL_FROM,
        to: recipient.address,
        subject: 'authenticated',
        messageId: '<mailpit-smtp.int-spec.2@suivi.test>',
        text: 'sent with SMTP AUTH',
      });
    } finally {
      withAuth.close();
    }
    const found = await mailpit.waitForMessageId('mailpit-smtp.int-spec.2@suivi.test');
    expect(found.Subject).toBe('authenticated');
  });

  it('deletes every message', async () => {
    expect((await mailpit.listMessages()).length).toBe(2);
    await mailpit.deleteAll();
    expect(await mailpit.listMessages()).toEqual([]);
  });
});
