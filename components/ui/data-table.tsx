import { Fragment, type HTMLAttributes, type ReactNode, type TdHTMLAttributes } from 'react';
import { Card } from './card';

type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined };

/** One column: its header and how a row fills its cell. `className` sizes and aligns both th and td. */
export type Column<Row> = {
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  className?: string;
  cellClassName?: string;
  cellProps?: (row: Row) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
};

export type DataTableProps<Row> = {
  columns: Column<Row>[];
  /** undefined while loading: `loading` shows instead of the empty state. */
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & DataAttributes;
  /** Draws a whole row itself (one with its own state); the columns then give only the header. */
  renderRow?: (row: Row) => ReactNode;
  empty?: ReactNode;
  emptyTestId?: string;
  loading?: ReactNode;
  /** Under the rows, inside the card (a "show more" bar). */
  footer?: ReactNode;
  /** The rows scroll inside the card (give it a max height in `className`) under a header that stays. */
  stickyHeader?: boolean;
  /** Tighter rows for long logs. */
  dense?: boolean;
  testId?: string;
  /** Extra table classes, e.g. `min-w-[56rem] table-fixed`. */
  tableClassName?: string;
  className?: string;
};

export const cellClass = 'px-3 py-2';
const denseCellClass = 'px-3 py-1.5';
const rowClass = 'border-t border-zinc-100 align-top dark:border-zinc-800';

/** A real <table> in a card: header row, rows, and an empty or loading state under them. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  renderRow,
  empty,
  emptyTestId,
  loading,
  footer,
  stickyHeader = false,
  dense = false,
  testId,
  tableClassName = '',
  className = '',
}: DataTableProps<Row>) {
  const sticky = stickyHeader ? 'sticky top-0 z-10' : '';
  return (
    <Card className={`${stickyHeader ? 'overflow-auto' : 'overflow-x-auto'} ${className}`.trim()}>
      <table className={`w-full text-left text-sm ${tableClassName}`.trim()} data-testid={testId}>
        <thead
          className={`bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-950 dark:text-zinc-400 ${sticky}`}
        >
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" className={`${cellClass} font-medium ${c.className ?? ''}`.trim()}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows?.map((row) =>
            renderRow ? (
              <Fragment key={rowKey(row)}>{renderRow(row)}</Fragment>
            ) : (
              <DataRow key={rowKey(row)} row={row} columns={columns} rowProps={rowProps} dense={dense} />
            ),
          )}
        </tbody>
      </table>
      {rows === undefined && loading ? (
        <div className="px-3 py-6 text-sm text-zinc-500">{loading}</div>
      ) : null}
      {rows?.length === 0 && empty ? (
        <div
          className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400"
          data-testid={emptyTestId}
        >
          {empty}
        </div>
      ) : null}
      {footer}
    </Card>
  );
}

/** The row classes DataTable uses, for rows drawn by `renderRow`. */
export const dataRowClass = rowClass;

function DataRow<Row>({
  row,
  columns,
  rowProps,
  dense,
}: Pick<DataTableProps<Row>, 'columns' | 'rowProps' | 'dense'> & { row: Row }) {
  const { className: extra, ...props } = rowProps?.(row) ?? {};
  return (
    <tr {...props} className={`${rowClass} ${extra ?? ''}`.trim()}>
      {columns.map((c) => {
        const { className: cellExtra, ...cellProps } = c.cellProps?.(row) ?? {};
        return (
          <td
            key={c.id}
            {...cellProps}
            className={[dense ? denseCellClass : cellClass, c.className, c.cellClassName, cellExtra]
              .filter(Boolean)
              .join(' ')}
          >
            {c.cell(row)}
          </td>
        );
      })}
    </tr>
  );
}
