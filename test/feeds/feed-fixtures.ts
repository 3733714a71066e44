// Small feeds and pages in each format, shared by the parser, poller and fetcher tests.

export function rssFeed(title: string, items: { title: string; link: string; text: string; date?: string; guid?: string }[]): string {
  const body = items
    .map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><description><![CDATA[${i.text}]]></description>` +
      `<pubDate>${i.date ?? 'Tue, 01 Dec 2026 10:00:00 GMT'}</pubDate>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}</item>`)
    .join('\n');
  return `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.com/</link>\n${body}\n</channel></rss>`;
}

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title><link href="https://atom.example/"/><id>urn:feed</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title type="html">Rates &amp;amp; bonds</title><link rel="alternate" href="posts/2"/><id>urn:entry:2</id>
<published>2026-12-02T09:30:00+01:00</published><updated>2026-12-02T10:00:00Z</updated><author><name>Bob Smith</name></author>
<content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second &lt;b&gt;paragraph&lt;/b&gt;.&lt;/p&gt;</content></entry>
<entry><title>Plain</title><link href="https://atom.example/p/3"/><id>urn:entry:3</id><updated>not a date</updated><summary type="text">a &lt; b is plain text</summary></entry>
</feed>`;

export const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF Daily</title><link>https://rdf.example/</link><description>d</description></channel>
<item rdf:about="https://rdf.example/x"><title>X marks</title><link>/x?utm_source=rss</link><description>&lt;p&gt;Text here&lt;/p&gt;</description>
<dc:date>2026-12-01T10:00:00+01:00</dc:date><dc:creator>Ann Lee</dc:creator></item></rdf:RDF>`;

export const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON Post',
  home_page_url: 'https://json.example/',
  items: [
    { id: '1', url: '/p/1', title: 'P one', content_text: 'Line one\nLine two', date_published: '2026-12-01T00:00:00Z', authors: [{ name: 'Zed' }] },
    { id: 2, url: 'javascript:alert(1)', title: 'Bad link', content_html: '<p>Hi <script>x()</script>there</p>' },
  ],
});

/** An article page: chrome around a story of `paragraphs` paragraphs. */
export function articlePage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html><head><title>${esc(title)} | Example</title><meta property="og:site_name" content="Example News">` +
    `<meta name="author" content="Jane Roe"></head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>` +
    `<article><h1>${esc(title)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</article>` +
    `<aside><h2>Related</h2><ul><li><a href="/r1">Other story one</a></li><li><a href="/r2">Other story two</a></li></ul></aside>` +
    `<footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>`;
}

/** A paragraph of `n` sentences that differ, so extraction has real text to find. */
export function story(seed: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    `${seed} paragraph ${i + 1}: the city council met on Tuesday to debate the budget, and members argued about schools, roads and the harbour for several hours before a vote.`);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
