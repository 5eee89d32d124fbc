import type { HTMLAttributes, ReactNode } from 'react';

/** The box every panel sits in; `as` keeps the markup's meaning (a form, a list, a definition list). */
export type CardElement = 'div' | 'section' | 'form' | 'dl' | 'ol' | 'ul' | 'li' | 'aside' | 'article';

export const cardClass = 'rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900';

export function Card({
  as: Tag = 'div',
  padded = false,
  className = '',
  testId,
  children,
  ...rest
}: {
  as?: CardElement;
  /** Inner spacing for content; tables and lists that draw their own rows go without. */
  padded?: boolean;
  className?: string;
  testId?: string;
  children?: ReactNode;
} & Omit<HTMLAttributes<HTMLElement>, 'className' | 'children'>) {
  return (
    <Tag
      data-testid={testId}
      {...rest}
      className={`${cardClass}${padded ? ' p-4' : ''}${className ? ` ${className}` : ''}`}
    >
      {children}
    </Tag>
  );
}
