"""Views of the website, one module per area; each stays thin and calls the core."""
