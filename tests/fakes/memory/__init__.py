"""In-memory fakes of the repository ports, the unit of work and the job queue (tests only)."""

from tests.fakes.memory.database import MemoryDatabase
from tests.fakes.memory.jobs import MemoryJobQueue
from tests.fakes.memory.unit_of_work import MemoryUnitOfWork, MemoryUnitOfWorkFactory

__all__ = ["MemoryDatabase", "MemoryJobQueue", "MemoryUnitOfWork", "MemoryUnitOfWorkFactory"]
