import { luhnValid, PLACEHOLDERS as P, TrainingSanitizer } from './training-sanitizer.js';

describe('TrainingSanitizer', () => {
  const clean = (text: string, names?: string[]) => new TrainingSanitizer({ names }).text(text);

  it('replaces email addresses', () => {
    expect(clean('Write to jane.doe+blog@example.co.uk or ops@mail.example.com today.')).toBe(`Write to ${P.email} or ${P.email} today.`);
  });

  it('replaces phone numbers in common national and international shapes', () => {
    expect(clean('Call +1 (415) 555-0100 or 415-555-0101.')).toBe(`Call ${P.phone} or ${P.phone}.`);
    expect(clean('UK office: +44 20 7946 0958, Berlin: 030 1234 5678.')).toBe(`UK office: ${P.phone}, Berlin: ${P.phone}.`);
    expect(clean('Ring 06.12.34.56.78 after nine.')).toBe(`Ring ${P.phone} after nine.`);
  });

  it('leaves years, dates, amounts and short numbers alone', () => {
    const text = 'In 2026-12-02 we baked 450 loaves for 1,250 people; the 2019 harvest weighed 12 500 kg at 18.5 %.';
    expect(clean(text)).toBe(text);
  });

  it('replaces URLs that carry credentials or tokens, and keeps ordinary links', () => {
    expect(clean('Repo: https://alice:s3cret@git.example.com/repo.git and https://example.com/docs?page=2.')).toBe(
      `Repo: ${P.urlWithSecret} and https://example.com/docs?page=2.`,
    );
    expect(clean('Signed: https://cdn.example.com/a.png?X-Amz-Signature=abc123&X-Amz-Credential=AKIA')).toBe(`Signed: ${P.urlWithSecret}`);
    expect(clean('Reset at https://app.example.com/reset?token=9f8e7d6c5b4a now')).toBe(`Reset at ${P.urlWithSecret} now`);
    expect(clean('Callback https://app.example.com/cb#access_token=abc.def&state=1')).toBe(`Callback ${P.urlWithSecret}`);
  });

  it('replaces API keys and tokens of the common providers, ours included', () => {
    const keys = [
      'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789',
      'sk-AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      `scr_${'A1b2C3d4E5'.repeat(4)}abc`,
      'sk_live_51HxYzAbCdEfGhIjKl',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      `ghp_${'a1B2c3D4e5'.repeat(4)}`,
      'AKIAIOSFODNN7EXAMPLE',
      'AIzaSyA-1234567890abcdefghijklmnopqrstu',
      'xoxb-123456789012-abcdefghijkl',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ];
    for (const key of keys) expect([key, clean(`key ${key} here`)]).toEqual([key, `key ${P.apiKey} here`]);
    expect(clean('Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123')).toBe(`Authorization: ${P.apiKey}`);
    expect(clean('password: hunter2hunter and api_key="zzzzzzzzzz"')).toBe(`password: ${P.apiKey} and api_key=${P.apiKey}`);
    expect(clean('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----')).toBe(P.apiKey);
  });

  it('replaces card-like numbers only when the Luhn check passes', () => {
    expect(clean('Card 4111 1111 1111 1111, also 5500-0000-0000-0004 and 378282246310005.')).toBe(`Card ${P.cardNumber}, also ${P.cardNumber} and ${P.cardNumber}.`);
    // Sixteen digits failing Luhn: an order number, kept.
    expect(clean('Order 4111 1111 1111 1112 shipped.')).toBe('Order 4111 1111 1111 1112 shipped.');
    expect(luhnValid('79927398713')).toBe(false); // too short for a card
    expect(luhnValid('4012888888881881')).toBe(true);
  });

  it('replaces the names the user listed, as whole words in any case, longest first', () => {
    expect(clean('Ask Jane Doe or JANE; Janet stays. Acme Corp and acme corp too.', ['Jane', 'Jane Doe', 'Acme Corp'])).toBe(
      `Ask ${P.name} or ${P.name}; Janet stays. ${P.name} and ${P.name} too.`,
    );
    expect(clean('Müller und Mueller', ['Müller'])).toBe(`${P.name} und Mueller`);
    // A name with regex characters is matched literally.
    expect(clean('Talk to A.B. (the chef)', ['A.B.'])).toBe(`Talk to ${P.name} (the chef)`);
  });

  it('sanitizes every string inside a JSON value and keeps its shape', () => {
    const sanitizer = new TrainingSanitizer({ names: ['Jane'] });
    expect(sanitizer.value({ title: 'Jane’s bread', chapters: [{ heading: 'Mail jane@example.com', n: 2 }], ok: true, none: null })).toEqual({
      title: `${P.name}’s bread`,
      chapters: [{ heading: `Mail ${P.email}`, n: 2 }],
      ok: true,
      none: null,
    });
  });
});
