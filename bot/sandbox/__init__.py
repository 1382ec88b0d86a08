"""The local sandbox: the fake Telegram Bot API and Google servers, and the chat page that drives them."""
