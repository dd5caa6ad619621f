class TicketError(Exception):
    """A change the rules do not allow; the message is for the person."""


class TransitionNotAllowed(TicketError):
    pass


class TicketChangedMeanwhile(TicketError):
    pass


class InvalidChange(TicketError):
    """The value asked for is no choice at all (a bad form value, an id that
    does not exist): the request is at fault, not the ticket's state."""
