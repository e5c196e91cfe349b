import { useStack } from './support/use-stack.js';

/** Without WEBHOOK_ALLOWED_HOSTS, nothing local, private or link-local can be a webhook target. */
describe('webhook endpoints refuse internal targets (SSRF), whatever the spelling', () => {
  const stack = useStack({ env: { WEBHOOK_ALLOWED_HOSTS: '' } });

  it.each([
    ['http://127.0.0.1:3000/hook', 'loopback'],
    ['http://127.1/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
    ['http://0x7f.0.0.1/hook', 'loopback'],
    ['http://localhost/hook', 'loopback'],
    ['http://LOCALHOST./hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[fe80::1]/hook', 'linkLocal'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'uniqueLocal'],
    ['http://100.100.100.200/latest/meta-data/', 'carrierGradeNat'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://10.255.255.255:8443/hook', 'private'],
    ['http://172.16.0.1/hook', 'private'],
    ['http://192.168.1.10/hook', 'private'],
    ['http://224.0.0.1/hook', 'multicast'],
  ])('refuses %s (%s) with a 400 naming url', async (url, range) => {
    const alice = await stack.user();
    const res = await stack.api.http.post('/api/v1/webhook-endpoints').set(alice.auth).send({ url, events: ['job.succeeded'] }).expect(400);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/\/url_not_allowed$/), errors: [{ field: 'url', message: expect.stringContaining(`a ${range} address`) }] });
    expect(await stack.sql('select 1 from webhook_endpoints where user_id = ?', [alice.user.id])).toEqual([]);
  });

  it.each([
    ['file:///etc/passwd', 'must be an http or https URL'],
    ['gopher://127.0.0.1:6379/_INFO', 'must be an http or https URL'],
    ['http://admin:secret@example.com/hook', 'must not contain credentials'],
    ['http://no-such-host.invalid/hook', 'does not resolve'],
    ['/relative/hook', 'must be an absolute http or https URL'],
  ])('refuses %s: %s', async (url, reason) => {
    const alice = await stack.user();
    const res = await stack.api.http.post('/api/v1/webhook-endpoints').set(alice.auth).send({ url, events: ['job.succeeded'] }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringContaining(reason) }]);
  });
});
