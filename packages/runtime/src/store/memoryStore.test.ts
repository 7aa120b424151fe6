import { objectStoreContract } from '../testing/objectStoreContract.ts'
import { MemoryStore } from './memoryStore.ts'

objectStoreContract('MemoryStore', async () => new MemoryStore())
