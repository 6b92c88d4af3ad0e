"""Built-in templates, shipped inside the package; a site's templates/ overrides them."""
