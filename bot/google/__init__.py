"""Google adapters: OAuth, credentials and the Gmail client."""
