class TicketError(Exception):
    """A change the rules do not allow; the message is for the person."""


class TransitionNotAllowed(TicketError):
    pass


class TicketChangedMeanwhile(TicketError):
    pass
