// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) on every URL given, in one Chromium, and prints one
// JSON object: {url: [issues]}. Used by test_pa11y.py; the first argument is the Chromium to use
// (Debian's, as the other browser tests; Puppeteer downloads none: PUPPETEER_SKIP_DOWNLOAD=1),
// the second a JSON list of its command-line switches, the rest the URLs.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const [executablePath, argsJson, ...urls] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath, headless: true, args: JSON.parse(argsJson),
});
const out = {};
try {
  for (const url of urls) {
    const page = await browser.newPage();
    const result = await pa11y(url, {
      browser, page, standard: "WCAG2AA", runners: ["htmlcs"], timeout: 60000,
    });
    out[url] = result.issues;
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
