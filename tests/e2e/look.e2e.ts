import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openLink } from './helpers';

/**
 * The look of the standard pages on a phone (issue 15, item 8): the header folds into a menu that
 * works without JavaScript and by keyboard, and a data table becomes cards whose words stay whole.
 */

const PHONE = { width: 360, height: 740 };

test('at 360 px without JavaScript the header is one row and its menu opens, leads on and is closed on the next page', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
	const page = await context.newPage();
	await openLink(page, demo('Stimmberechtigtes Mitglied').link);
	const header = page.locator('header.site-header');
	// Today's header took 260 px before any content; folded, it is one row.
	expect((await header.boundingBox())!.height).toBeLessThanOrEqual(80);
	const menu = page.getByRole('navigation', { name: 'Hauptnavigation' });
	await expect(menu).toBeHidden();
	const button = header.getByText('Menü');
	await button.click();
	await expect(menu).toBeVisible();
	await expect(page.getByRole('button', { name: 'Abmelden', exact: true })).toBeVisible();
	await expectAccessibleWithoutScripts(page);
	await menu.getByRole('link', { name: 'Konferenzen' }).click();
	await expect(page).toHaveURL(/\/conferences$/);
	await expect(menu).toBeHidden();
	await context.close();
});

test('at 360 px the menu works by keyboard: Enter opens it, Tab reaches its links, Escape closes it and returns to its button; a navigation closes it', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	await openLink(page, demo('Stimmberechtigtes Mitglied').link);
	const summary = page.locator('header summary');
	const menu = page.getByRole('navigation', { name: 'Hauptnavigation' });
	// Skip link, brand, then the menu's button.
	for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
	await expect(summary).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(menu).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(menu.getByRole('link', { name: 'Start' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(menu).toBeHidden();
	await expect(summary).toBeFocused();
	await expectAccessible(page);

	await page.keyboard.press('Enter');
	await menu.getByRole('link', { name: 'Mein Konto' }).click();
	await expect(page).toHaveURL(/\/account$/);
	await expect(menu).toBeHidden();
	await context.close();
});

/** Every word in the cells, measured as it would stand unbroken, against the cell it stands in. */
async function squeezedWords(page: Page, cells: string) {
	return page.locator(cells).evaluateAll((elements) => {
		const probe = document.createElement('span');
		probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;hyphens:none';
		document.body.append(probe);
		const problems: string[] = [];
		for (const cell of elements as HTMLElement[]) {
			if (cell.offsetParent === null) continue;
			const style = getComputedStyle(cell);
			probe.style.font = style.font;
			const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
			for (const word of (cell.textContent ?? '').split(/[\s,()]+/).filter((w) => w.length > 1)) {
				probe.textContent = word;
				if (probe.getBoundingClientRect().width > width + 0.5)
					problems.push(`${word} (${Math.round(probe.getBoundingClientRect().width)} px) in ${Math.round(width)} px`);
			}
		}
		probe.remove();
		return problems;
	});
}

test('a table becomes cards at 360 px and no word in it is squeezed below its own width, at 360 or 1280 px', async ({ browser }) => {
	const context = await browser.newContext({ viewport: PHONE });
	const page = await context.newPage();
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await expect(page).toHaveURL(/\/conferences\/[a-z0-9]+$/);
	const conference = new URL(page.url()).pathname;
	await page.goto(`${conference}/people`);
	const row = page.locator('table.cards tbody tr').first();
	await expect(row).toBeVisible();
	// A card: the row is a block as wide as the page, each cell names its column.
	expect(await row.evaluate((r) => getComputedStyle(r).display)).toBe('block');
	const rowBox = (await row.boundingBox())!;
	expect(rowBox.width).toBeGreaterThan(300);
	const organisation = row.locator('td[data-label="Organisation"]');
	expect(await organisation.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Organisation"');
	// The column headers are read to screen readers only; every cell of every card is measured.
	expect(await squeezedWords(page, 'table.cards tbody th, table.cards tbody td')).toEqual([]);
	// Nothing to scroll sideways.
	expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
	await expectAccessible(page);

	await page.setViewportSize({ width: 1280, height: 800 });
	expect(await row.evaluate((r) => getComputedStyle(r).display)).toBe('table-row');
	expect(await squeezedWords(page, 'table th, table td')).toEqual([]);
	await context.close();
});
