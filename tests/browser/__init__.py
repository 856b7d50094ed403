"""The pages in Chromium (Playwright), in English and Albanian, at 1280 and 375 px."""
