"""The website: public pages, the body map finder, booking, portal and workspace."""
