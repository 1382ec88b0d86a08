"""/drop: California's Delete Request and Opt-out Platform, step by step, and its 45-day update reminder."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.onboarding import Changed
from brokers.profile import User
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.dates import day
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.pushes import DROP_URL


def drop_guide(t: Text, user: User) -> str:
    lines = [
        t("<b>California's DROP</b>: one request reaches every data broker registered in California."),
        t(
            "1. Open {url} and sign in with the California Identity Gateway or Login.gov (it checks that you "
            "live in California).",
            url=DROP_URL,
        ),
        t(
            "2. Enter the details brokers know you by: names (also former ones), date of birth, ZIP code, "
            "e-mail addresses and phone numbers. More details find more records."
        ),
        t("3. Submit, and note your DROP ID to check the status later."),
        t(
            "4. Registered brokers must process it within 45 days of downloading it and keep deleting "
            "new data. You can update your request every 45 days."
        ),
        t(
            "DROP reaches only registered data brokers; for the other companies that hold your data, "
            "use /review."
        ),
    ]
    if user.drop_submitted_at is not None:
        lines.append(t("You told me you submitted it on {date}.", date=day(t, user.drop_submitted_at)))
    return "\n".join(lines)


async def drop_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    if user is None:
        await update.effective_message.reply_text(text_for(update, None)(START_FIRST))
        return
    t = Text(user.language)
    if not user.is_californian:
        await update.effective_message.reply_text(
            t(
                "DROP is California's deletion service, only for people who live in California. "
                "For where you live, /scan and /review send your requests. If you moved to California, "
                "change it in /settings."
            )
        )
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("I submitted my DROP request today"),
                    callback_data=button_data(Action.DROP, "done", user.epoch),
                )
            ]
        ]
    )
    await update.effective_message.reply_text(
        drop_guide(t, user), parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
    )


@user_callback(Action.DROP)
async def drop_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    query = update.callback_query
    assert query is not None
    if callback.arg != "done":
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    outcome = await context.services.onboarding.record_drop(user.telegram_id)
    if not isinstance(outcome, Changed) or outcome.user.drop_submitted_at is None:
        await answer(update, t("Already done."))
        return
    await answer(update)
    await context.services.drop_reminder(user.telegram_id, outcome.user.drop_submitted_at)
    await query.edit_message_text(
        t(
            "Noted. I will tell you when you can update your DROP request (in 45 days), "
            "and I will offer letters to brokers DROP already covers last."
        )
    )
