"""The sandbox's chat page: static HTML/CSS/JS and the JSON endpoints it drives the local servers with."""
