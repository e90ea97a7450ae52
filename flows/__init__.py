"""The application layer: Prefect flows and the `winnow` command line that calls them."""
