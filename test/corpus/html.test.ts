import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntities } from '../../src/corpus/character-references.ts';
import { htmlToText } from '../../src/corpus/html.ts';

describe('decodeEntities', () => {
  it('decodes named, accented, decimal and hex references', () => {
    assert.equal(decodeEntities('Tom &amp; Jerry &lt;3 &quot;hi&quot; &apos;x&apos;'), 'Tom & Jerry <3 "hi" \'x\'');
    assert.equal(decodeEntities('&ldquo;Caf&eacute;&rdquo; &mdash; &hellip; &euro;5'), '“Café” — … €5');
    assert.equal(decodeEntities('&#8220;x&#8221; &#x2014; &#X41;'), '“x” — A');
    assert.equal(decodeEntities('&Uuml;ber &ntilde; &ccedil;'), 'Über ñ ç');
  });

  it('maps old Windows-1252 numeric references and replaces invalid code points', () => {
    assert.equal(decodeEntities('&#147;quoted&#148; &#150; x'), '“quoted” – x');
    assert.equal(decodeEntities('&#0;&#xD800;&#1114112;'), '\ufffd\ufffd\ufffd');
  });

  it('leaves unknown names and bare ampersands alone', () => {
    assert.equal(decodeEntities('AT&T &madeup; R&D'), 'AT&T &madeup; R&D');
    assert.equal(decodeEntities('a &amp b'), 'a & b');
  });
});

describe('htmlToText', () => {
  it('tolerates unclosed tags, attributes with > and a missing </head>', () => {
    const r = htmlToText('<html><head><title>T</title><meta content="a>b"><p class="x>y">First <em>para</em><p>Second &amp; last');
    assert.equal(r.title, 'T');
    assert.equal(r.text, 'First para\nSecond & last');
  });

  it('drops comments, scripts, styles, templates and SVG, even unclosed', () => {
    const r = htmlToText('<p>Keep</p><!-- hidden --><script>if (a < b) { x = "</p>"; }</script><style>.a{}</style><template><p>no</p></template><svg><text>no</text></svg><p>Also keep</p><script>never closed');
    assert.equal(r.text, 'Keep\nAlso keep');
  });

  it('collapses whitespace inside paragraphs and splits at block elements and <br>', () => {
    const r = htmlToText('<div>  Line\n  one <span>continues</span>\t here.</div><ul><li>a</li><li>b</li></ul>x<br/>y');
    assert.equal(r.text, 'Line one continues here.\na\nb\nx\ny');
  });

  it('reports the first h1 separately, and uses it as title only without <title>', () => {
    assert.deepEqual(htmlToText('<h1>Head &amp; line</h1><p>x</p>'), { text: 'Head & line\nx', title: 'Head & line', h1: 'Head & line' });
    assert.equal(htmlToText('<title> Page </title><h1>Head</h1>').title, 'Page');
    assert.equal(htmlToText('<p>no titles</p>').title, null);
  });

  it('keeps text that merely looks like markup', () => {
    assert.equal(htmlToText('<p>3 < 5 and 7 > 2</p>').text, '3 < 5 and 7 > 2');
  });
});
