"""All ORM tables. Importing this package registers every table on ``Base.metadata``."""

from parlour.models.auth import Membership, Partner, User
from parlour.models.base import Base
from parlour.models.cache import CacheVersion
from parlour.models.catalog import (
    Position,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
)
from parlour.models.certificate import Certificate, CertificateType, CertificateTypeLocation
from parlour.models.checkout import (
    Deposit,
    DepositTransaction,
    DepositType,
    KkmSettings,
    KkmTransaction,
    SaleLoyaltyTransaction,
)
from parlour.models.clients import Client, ClientComment, ClientFile, ClientLabel
from parlour.models.custom_fields import CustomField
from parlour.models.event_schedules import (
    ClientSchedule,
    ClientScheduleSeat,
    EventSchedule,
    EventScheduleDay,
    ScheduledEvent,
)
from parlour.models.events import DuplicationStrategy, Event, Tag
from parlour.models.identity import Invitation, OutboxMessage, Review, VerificationCode
from parlour.models.ledgers import (
    Account,
    Expense,
    FinanceTransaction,
    GoodsCategory,
    GoodsTransaction,
    Product,
    RecordConsumable,
    RecordServiceCard,
    Storage,
    StorageDocument,
    Supplier,
    TechnologicalCard,
    TechnologicalCardItem,
    Unit,
)
from parlour.models.loyalty import (
    LoyaltyCard,
    LoyaltyCardType,
    LoyaltyProgram,
    LoyaltyProgramRule,
    LoyaltyReferral,
    LoyaltyTransaction,
    LoyaltyVisit,
)
from parlour.models.media import ImageGroup, TipSettings
from parlour.models.membership import ClientMembership, MembershipType, MembershipUse
from parlour.models.records import Comment, Record, RecordService, Visit
from parlour.models.resources import Resource, ResourceInstance, ResourceOccupancy
from parlour.models.salary import (
    PayrollCalculation,
    SalaryScheme,
    SalarySchemeAssignment,
    SalarySchemeRule,
)
from parlour.models.schedules import BookingForm, BookingSettings, ScheduleDay
from parlour.models.tenancy import Chain, Location, LocationChain
from parlour.models.webhooks import (
    DeliveryAttempt,
    HookDelivery,
    HookEndpoint,
    HookEvent,
    HookSettings,
    SentReminder,
)

__all__ = [
    "PayrollCalculation",
    "SalaryScheme",
    "SalarySchemeAssignment",
    "SalarySchemeRule",
    "Certificate",
    "CertificateType",
    "CertificateTypeLocation",
    "ClientMembership",
    "MembershipType",
    "MembershipUse",
    "DeliveryAttempt",
    "HookDelivery",
    "HookEndpoint",
    "HookEvent",
    "HookSettings",
    "SentReminder",
    "Account",
    "Base",
    "BookingForm",
    "BookingSettings",
    "CacheVersion",
    "Chain",
    "Client",
    "ClientComment",
    "ClientFile",
    "ClientLabel",
    "ClientSchedule",
    "ClientScheduleSeat",
    "Comment",
    "Deposit",
    "DepositTransaction",
    "DepositType",
    "CustomField",
    "ImageGroup",
    "Invitation",
    "LoyaltyCard",
    "LoyaltyCardType",
    "LoyaltyProgram",
    "LoyaltyProgramRule",
    "LoyaltyReferral",
    "LoyaltyTransaction",
    "LoyaltyVisit",
    "KkmSettings",
    "KkmTransaction",
    "Expense",
    "FinanceTransaction",
    "GoodsCategory",
    "GoodsTransaction",
    "DuplicationStrategy",
    "Event",
    "EventSchedule",
    "EventScheduleDay",
    "Location",
    "LocationChain",
    "Membership",
    "OutboxMessage",
    "Partner",
    "Position",
    "Product",
    "Record",
    "RecordConsumable",
    "RecordService",
    "RecordServiceCard",
    "Resource",
    "SaleLoyaltyTransaction",
    "ResourceInstance",
    "ResourceOccupancy",
    "Review",
    "ScheduleDay",
    "ScheduledEvent",
    "Service",
    "ServiceCategory",
    "ServiceTeamMember",
    "Storage",
    "StorageDocument",
    "Supplier",
    "Tag",
    "TeamMember",
    "TechnologicalCard",
    "TechnologicalCardItem",
    "TipSettings",
    "Unit",
    "User",
    "VerificationCode",
    "Visit",
]
