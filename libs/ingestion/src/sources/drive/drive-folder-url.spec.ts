import { parseDriveFolderId, parseDriveFolderUrl } from './drive-folder-url.js';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('parseDriveFolderUrl', () => {
  it.each([
    ['a bare id', ID],
    ['a shared-drive id', '0ABcdEFghIJkUk9PVA'],
    ['a folders URL', `https://drive.google.com/drive/folders/${ID}`],
    ['a folders URL with usp=sharing', `https://drive.google.com/drive/folders/${ID}?usp=sharing`],
    ['a folders URL with /u/0/', `https://drive.google.com/drive/u/0/folders/${ID}`],
    ['a folders URL with /u/2/ and a trailing slash', `https://drive.google.com/drive/u/2/folders/${ID}/`],
    ['a mobile folders URL', `https://drive.google.com/drive/mobile/folders/${ID}?usp=drive_link`],
    ['a folders URL without scheme', `drive.google.com/drive/folders/${ID}`],
    ['open?id=', `https://drive.google.com/open?id=${ID}`],
    ['open?id= after other params', `https://drive.google.com/open?authuser=0&id=${ID}`],
    ['folderview?id=', `https://drive.google.com/folderview?id=${ID}&usp=sharing`],
  ])('reads the folder id from %s', (_shape, input) => {
    const expected = input.includes('0ABcdEFghIJkUk9PVA') ? '0ABcdEFghIJkUk9PVA' : ID;
    expect(parseDriveFolderId(input)).toBe(expected);
  });

  it('keeps the resource key of a link-shared folder', () => {
    expect(parseDriveFolderUrl(`https://drive.google.com/drive/folders/${ID}?resourcekey=0-AbC_dEf-123&usp=sharing`)).toEqual({
      folderId: ID,
      resourceKey: '0-AbC_dEf-123',
    });
    expect(parseDriveFolderUrl(ID)).toEqual({ folderId: ID, resourceKey: null });
  });

  it.each([
    ['an empty string', ''],
    ['a too-short id', 'abc123'],
    ['an id with a forbidden character', `${ID}!`],
    ['another host', `https://drive.google.com.evil.io/drive/folders/${ID}`],
    ['docs.google.com', `https://docs.google.com/document/d/${ID}/edit`],
    ['a file URL', `https://drive.google.com/file/d/${ID}/view`],
    ['folders without an id', 'https://drive.google.com/drive/folders/'],
    ['an unknown prefix', `https://drive.google.com/drive/x/y/folders/${ID}`],
    ['open without id', 'https://drive.google.com/open?usp=sharing'],
    ['my-drive', 'https://drive.google.com/drive/my-drive'],
    ['an ftp URL', `ftp://drive.google.com/drive/folders/${ID}`],
  ])('refuses %s', (_shape, input) => {
    expect(parseDriveFolderUrl(input)).toBeNull();
  });
});
