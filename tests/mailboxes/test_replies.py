"""The customer's words alone: each reply below is shaped as a mail program
writes it in that language (the reply header, the separator, the phone's
signature), with our earlier message quoted under it. Every case must come
out as what the customer typed, nothing more."""

import pytest

from tickets.replies import strip_quoted

WORDS = "Danke, es funktioniert jetzt.\nEine Frage noch: gilt das auch für März?"
QUOTED = "> Guten Tag,\n> bitte starten Sie den Router neu.\n> Ihr Support-Team"
OURS = "Good morning,\nplease restart the router.\nThe support team"

HEADERS = {
    "English, Gmail": "On Mon, 7 Dec 2026 at 10:00, Support <support@example.com> wrote:",
    "English, Gmail wrapped": (
        "On Mon, 7 Dec 2026 at 10:00, Acme Support Team\n<support@example.com> wrote:"
    ),
    "English, Apple Mail": "On 7 Dec 2026, at 10:00, Support <support@example.com> wrote:",
    "German, Gmail": (
        "Am Mo., 7. Dez. 2026 um 10:00 Uhr schrieb Support <support@example.com>:"
    ),
    "German, Thunderbird": "Am 07.12.26 um 10:00 schrieb Support:",
    "French, Gmail": (
        "Le lun. 7 déc. 2026 à 10:00, Support <support@example.com> a écrit :"
    ),
    "French, Thunderbird": "Le 07/12/2026 à 10:00, Support a écrit :",
    "Dutch, Gmail": "Op ma 7 dec. 2026 om 10:00 schreef Support <support@example.com>:",
    "Italian, Gmail": (
        "Il giorno lun 7 dic 2026 alle ore 10:00 Support <support@example.com> "
        "ha scritto:"
    ),
    "Spanish, Gmail": (
        "El lun, 7 dic 2026 a las 10:00, Support (<support@example.com>) escribió:"
    ),
    "Portuguese, Gmail": (
        "Em seg., 7 de dez. de 2026 às 10:00, Support <support@example.com> escreveu:"
    ),
    "Polish, Gmail": "pon., 7 gru 2026 o 10:00 Support <support@example.com> napisał(a):",
    "Russian, Gmail": "пн, 7 дек. 2026 г. в 10:00, Support <support@example.com>:",
    "Russian, Thunderbird": "07.12.2026 10:00, Support пишет:",
    "Finnish, Gmail": "ma 7. jouluk. 2026 klo 10.00 Support (support@example.com) kirjoitti:",
    "Norwegian, Gmail": "man. 7. des. 2026 kl. 10:00 skrev Support <support@example.com>:",
    "Danish, Gmail": "man. 7. dec. 2026 kl. 10.00 skrev Support <support@example.com>:",
    "Swedish, Gmail": "mån 7 dec. 2026 kl. 10:00 skrev Support <support@example.com>:",
    "Czech, Gmail": "po 7. 12. 2026 v 10:00 odesílatel Support <support@example.com> napsal:",
}

SEPARATORS = {
    "Outlook, English": "-------- Original Message --------",
    "Outlook, German": "-------- Ursprüngliche Nachricht --------",
    "Thunderbird, German": "-------- Originalnachricht --------",
    "French": "-------- Message d'origine --------",
    "Spanish": "-------- Mensaje original --------",
    "Italian": "-------- Messaggio originale --------",
    "Dutch": "-------- Oorspronkelijk bericht --------",
    "Portuguese": "-------- Mensagem original --------",
    "Polish": "-------- Wiadomość oryginalna --------",
    "Russian": "-------- Исходное сообщение --------",
    "Finnish": "-------- Alkuperäinen viesti --------",
    "Norwegian": "-------- Opprinnelig melding --------",
    "Danish": "-------- Oprindelig meddelelse --------",
    "Swedish": "-------- Ursprungligt meddelande --------",
    "Outlook underline": "________________________________",
    "Zoho": "---- On Mon, 07 Dec 2026 10:00:00 +0000 Support <support@example.com> wrote ----",
}

OUTLOOK_BLOCKS = {
    "English": ("From", "Sent", "To", "Subject"),
    "German": ("Von", "Gesendet", "An", "Betreff"),
    "French": ("De", "Envoyé", "À", "Objet"),
    "Spanish": ("De", "Enviado el", "Para", "Asunto"),
    "Italian": ("Da", "Inviato", "A", "Oggetto"),
    "Dutch": ("Van", "Verzonden", "Aan", "Onderwerp"),
    "Portuguese": ("De", "Enviado", "Para", "Assunto"),
    "Polish": ("Od", "Wysłano", "Do", "Temat"),
    "Russian": ("От", "Отправлено", "Кому", "Тема"),
    "Finnish": ("Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe"),
    "Norwegian": ("Fra", "Sendt", "Til", "Emne"),
    "Danish": ("Fra", "Sendt", "Til", "Emne"),
    "Swedish": ("Från", "Skickat", "Till", "Ämne"),
}

PHONES = {
    "English, iPhone": "Sent from my iPhone",
    "English, Outlook mobile": "Get Outlook for Android",
    "German, iPhone": "Von meinem iPhone gesendet",
    "French, iPhone": "Envoyé de mon iPhone",
    "Spanish, iPhone": "Enviado desde mi iPhone",
    "Portuguese, iPhone": "Enviado do meu iPhone",
    "Dutch, iPhone": "Verstuurd vanaf mijn iPhone",
    "Italian, iPhone": "Inviato da iPhone",
    "Polish, iPhone": "Wysłane z iPhone'a",
    "Russian, iPhone": "Отправлено с iPhone",
    "Finnish, iPhone": "Lähetetty iPhonesta",
    "Norwegian, iPhone": "Sendt fra min iPhone",
    "Danish, iPhone": "Sendt fra min iPhone",
    "Swedish, iPhone": "Skickat från min iPhone",
    "German, Samsung": "Gesendet von meinem Samsung Galaxy",
}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
def test_a_reply_header_and_the_quote_under_it_are_cut(header):
    assert strip_quoted(f"{WORDS}\n\n{header}\n{QUOTED}\n") == WORDS


@pytest.mark.parametrize("line", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_a_separator_and_the_history_under_it_are_cut(line):
    text = f"{WORDS}\n\n{line}\nFrom: Support\nDate: 7 Dec 2026\n\n{OURS}\n"
    assert strip_quoted(text) == WORDS


@pytest.mark.parametrize("names", OUTLOOK_BLOCKS.values(), ids=OUTLOOK_BLOCKS.keys())
def test_outlooks_header_block_and_the_unquoted_history_are_cut(names):
    sender, sent, to, subject = names
    block = (
        f"{sender}: Support <support@example.com>\n"
        f"{sent}: Monday, 7 December 2026 10:00\n"
        f"{to}: Ada <ada@example.com>\n"
        f"{subject}: [HD-1042] Router"
    )
    assert strip_quoted(f"{WORDS}\n\n{block}\n\n{OURS}\n") == WORDS


@pytest.mark.parametrize("line", PHONES.values(), ids=PHONES.keys())
def test_a_phones_signature_is_cut(line):
    header = HEADERS["English, Gmail"]
    assert strip_quoted(f"{WORDS}\n\n{line}\n\n{header}\n{QUOTED}\n") == WORDS
    assert strip_quoted(f"{WORDS}\n\n{line}\n") == WORDS


def test_what_only_looks_like_history_stays():
    """A customer's own sentences that begin like a header are kept."""
    text = (
        "From: my bank statement it looks like you charged me twice.\n"
        "Sent from our office account, by the way.\n"
        "My colleague wrote:\n"
        "the invoice is wrong."
    )
    assert strip_quoted(text) == text


def test_a_message_that_is_only_a_quote_is_kept_whole():
    text = f"{HEADERS['English, Gmail']}\n{QUOTED}"
    assert strip_quoted(text) == text


def test_a_very_long_message_is_kept_whole_and_its_history_still_cut():
    """Only the top is searched (the whole of five megabytes took 11 s):
    a long log is kept whole, a long quote under a reply is still cut."""
    words = "Here is the whole log you asked for.\n" + "x" * (5 << 20) + "\nEnd."
    assert strip_quoted(words) == words
    quoted = "My answer.\n\nOn Mon, 7 Dec 2026, Acme <help@acme.example> wrote:\n> "
    assert strip_quoted(quoted + "y" * (5 << 20)) == "My answer."
