"""Campaign bodies: upstream's fields (client_ids, text, and subject for e-mail)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from parlour.kit.ids import MAX_ID

MAX_RECIPIENT_IDS = 10_000
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50_000)]
Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
ClientId = Annotated[int, Field(gt=0, le=MAX_ID)]


class SmsToClients(BaseModel):
    model_config = ConfigDict(extra="ignore")
    client_ids: list[ClientId] = Field(min_length=1, max_length=MAX_RECIPIENT_IDS)
    text: Text


class SmsToFiltered(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: Text


class EmailToClients(BaseModel):
    model_config = ConfigDict(extra="ignore")
    client_ids: list[ClientId] = Field(min_length=1, max_length=MAX_RECIPIENT_IDS)
    subject: Subject
    text: LongText


class EmailToFiltered(BaseModel):
    model_config = ConfigDict(extra="ignore")
    subject: Subject
    text: LongText
