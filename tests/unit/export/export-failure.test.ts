import { MongoNetworkError } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { CsvWriteError } from '../../../src/main/export/write-csv'
import { describeExportFailure } from '../../../src/main/services/export/export-failure'
import { excelWarnings } from '../../../src/main/services/export/export-service'

describe('describeExportFailure', () => {
  it('a cancel says how many rows were written and what became of the file', () => {
    const error = describeExportFailure(
      new CsvWriteError(12_345, new Error('aborted'), true),
      'file',
      'h'
    )
    expect(error.toEnvelope()).toEqual({
      code: 'CANCELLED',
      message:
        'Export cancelled after 12,345 rows; the partial file was removed, no file was saved.',
      details: { rowsWritten: 12_345 }
    })
    expect(
      describeExportFailure(new CsvWriteError(1, new Error('x'), true), 'download', 'h').message
    ).toBe('Export cancelled after 1 row; the download was stopped.')
  })

  it('a browser that stops the download is a cancel', () => {
    const gone = Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
    expect(describeExportFailure(new CsvWriteError(5, gone, false), 'download', 'h').code).toBe(
      'CANCELLED'
    )
  })

  it('a lost server keeps the driver error code, with the rows written', () => {
    const lost = new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')
    const error = describeExportFailure(
      new CsvWriteError(300, lost, false),
      'file',
      '127.0.0.1:27017'
    )
    expect(error.code).toBe('CONNECTION_LOST')
    expect(error.message).toMatch(
      /^Export failed after 300 rows: The connection to 127\.0\.0\.1:27017 was lost .*\. The partial file was removed, no file was saved\.$/
    )
  })

  it('a full disk or a missing folder is WRITE_FAILED', () => {
    const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: '/mnt/x.csv.partial' })
    expect(
      describeExportFailure(new CsvWriteError(9, full, false), 'file', 'h').toEnvelope()
    ).toMatchObject({
      code: 'WRITE_FAILED',
      message:
        'Export failed after 9 rows: Cannot write /mnt/x.csv.partial: the disk is full. The partial file was removed, no file was saved.'
    })
  })

  it('before any row: the cause as it is, a cancel said plainly', () => {
    const missing = new AppError('NOT_FOUND', 'No customer has the id "u9".')
    expect(describeExportFailure(missing, 'file', 'h')).toBe(missing)
    expect(describeExportFailure(new AppError('CANCELLED', 'x'), 'file', 'h').message).toBe(
      'Export cancelled before any row was written; the partial file was removed, no file was saved.'
    )
  })
})

describe('excelWarnings', () => {
  it('warns only past Excel’s 1,048,576 rows (the header counts)', () => {
    expect(excelWarnings(1_048_575)).toEqual([])
    expect(excelWarnings(1_048_576)).toEqual([
      'The file has 1,048,576 rows; Excel opens only the first 1,048,575 (and the header). Use a tool that reads every row, or export a narrower range.'
    ])
  })
})
