import type { LookupAddress } from 'node:dns';
import type { ConfigType } from '@nestjs/config';
import { DomainError, webhooksConfig } from '@app/shared';
import { forbiddenRange, WebhookTargetPolicy } from './webhook-target.policy.js';

const policy = (allowedHosts: string[] = []) =>
  new WebhookTargetPolicy({ ...webhooksConfig.from({}), allowedHosts } as ConfigType<typeof webhooksConfig>);

const lookup = (target: WebhookTargetPolicy, hostname: string, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) =>
    target.lookup(hostname, { all }, (error, address) => resolve({ error, address })),
  );

describe('WebhookTargetPolicy', () => {
  it.each([
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['fc00::1', 'uniqueLocal'],
    ['192.0.2.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['not-an-ip', 'invalid'],
  ])('judges %s as %s', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it('lets allow-listed hosts through by name, in any case and with a trailing dot, and nothing else', async () => {
    const allowing = policy(['127.0.0.1', 'Receiver.Internal']);
    await expect(allowing.check('http://127.0.0.1:9000/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.check('http://receiver.internal./hook')).resolves.toBeInstanceOf(URL);
    // 127.1 is spelled differently but parses to the allowed 127.0.0.1; localhost is another name.
    await expect(allowing.check('http://127.1/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.check('http://localhost/hook')).rejects.toBeInstanceOf(DomainError);
    await expect(allowing.check('http://10.0.0.1/hook')).rejects.toMatchObject({ code: 'url_not_allowed', errors: [{ field: 'url' }] });
  });

  it('checks the addresses a connection resolves again (DNS rebinding): a name resolving to loopback is refused at connect', async () => {
    const refused = await lookup(policy(), 'localhost', true);
    expect(refused.error).toMatchObject({ code: 'ETARGETREFUSED' });
    const allowed = await lookup(policy(['localhost']), 'localhost', true);
    expect(allowed.error).toBeNull();
    expect((allowed.address as LookupAddress[]).map((entry) => entry.address)).toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
    const single = await lookup(policy(['localhost']), 'localhost', false);
    expect(typeof single.address).toBe('string');
  });
});
