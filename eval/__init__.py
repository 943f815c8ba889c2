"""Accuracy of the source finder on clinical vignettes (`make eval`)."""
